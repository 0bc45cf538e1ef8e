# Guarantees: only this repository's deploy branch and environments can assume the role,
# through GitHub's OpenID Connect provider with the STS audience; its IAM rights stop at the
# project's own roles and policies; sessions are short.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  name       = "acme-test"
  repository = "acme/acme-test"
}

run "trusts_only_the_branch_and_the_environments" {
  command = plan

  assert {
    condition = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == [
      "repo:acme/acme-test:ref:refs/heads/main",
      "repo:acme/acme-test:environment:staging",
      "repo:acme/acme-test:environment:production",
    ]
    error_message = "Only pushes to main and the staging and production environments may assume the role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The token's audience must be STS."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity" && endswith(jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Federated, ":oidc-provider/token.actions.githubusercontent.com")
    error_message = "The role must be assumed with GitHub's OpenID Connect token."
  }

  assert {
    condition     = one(aws_iam_openid_connect_provider.this).client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The provider must issue tokens for STS."
  }

  assert {
    condition     = aws_iam_role.this.max_session_duration == 3600
    error_message = "Deploy credentials must last one hour."
  }
}

run "limits_iam_to_the_project" {
  command = plan

  assert {
    condition = jsondecode(aws_iam_role_policy.project_iam.policy).Statement[0].Resource == [
      "arn:aws:iam::123456789012:role/acme-test-*",
      "arn:aws:iam::123456789012:policy/acme-test-*",
    ]
    error_message = "IAM writes must be limited to the project's roles and policies."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.project_iam.policy).Statement[1].Condition.ArnLike["iam:PolicyARN"] == ["arn:aws:iam::123456789012:policy/acme-test-*", "arn:aws:iam::aws:policy/service-role/*"]
    error_message = "Only the project's policies and AWS service-role policies may be attached."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.project_iam.policy).Statement[2].Effect == "Deny" && jsondecode(aws_iam_role_policy.project_iam.policy).Statement[2].Resource == aws_iam_role.this.arn
    error_message = "The role must not be able to change itself."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy_attachment.power_user.policy_arn, "AdministratorAccess") && endswith(aws_iam_role_policy_attachment.power_user.policy_arn, ":policy/PowerUserAccess")
    error_message = "The role must not be an administrator."
  }
}

run "reuses_an_existing_provider" {
  command = plan

  variables {
    create_oidc_provider = false
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.this) == 0 && jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    error_message = "With an existing provider, the role must trust it instead of creating one."
  }
}

run "refuses_a_malformed_repository" {
  command = plan

  variables {
    repository = "https://github.com/acme/acme-test"
  }

  expect_failures = [var.repository]
}

run "refuses_a_day_long_session" {
  command = plan

  variables {
    max_session_hours = 12
  }

  expect_failures = [var.max_session_hours]
}
