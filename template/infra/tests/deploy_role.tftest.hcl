# Guarantees; each assert's error_message starts with the name of the one it checks:
#   each_role_trusts_only_its_environment     each environment's deploy role is assumable only
#                                             by jobs in that GitHub environment, with the STS
#                                             audience, for an hour at most
#   the_build_role_only_pushes_images         the build role only pushes images, from main
#   roles_it_creates_carry_the_boundary       every role it creates or grants carries its
#                                             environment's boundary
#   the_boundary_cannot_be_removed_or_edited  the boundary grants no IAM write and cannot be
#                                             removed or edited; no users or keys
#   staging_cannot_touch_production           no reach into another environment's resources
#                                             or state
# The merged run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name         = "acme-test"
  repository   = "acme/acme-test"
  state_bucket = "acme-test-terraform-state"
  lock_table   = "acme-test-terraform-locks"
}

run "as_configured" {
  module {
    source = "./modules/deploy_role"
  }

  command = plan

  assert {
    condition = alltrue([for env in ["staging", "production"] : jsondecode(aws_iam_role.this[env].assume_role_policy).Statement[0].Condition == {
      StringEquals = {
        "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
        "token.actions.githubusercontent.com:sub" = "repo:acme/acme-test:environment:${env}"
      }
    }])
    error_message = "each_role_trusts_only_its_environment: each deploy role must trust exactly its own GitHub environment's token (no branch, no pattern, no other environment)."
  }

  assert {
    condition     = length(jsondecode(aws_iam_role.this["staging"].assume_role_policy).Statement) == 1 && jsondecode(aws_iam_role.this["staging"].assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity" && endswith(jsondecode(aws_iam_role.this["staging"].assume_role_policy).Statement[0].Principal.Federated, ":oidc-provider/token.actions.githubusercontent.com")
    error_message = "each_role_trusts_only_its_environment: the role must be assumed with GitHub's OpenID Connect token, and only so."
  }

  assert {
    condition     = one(aws_iam_openid_connect_provider.this).client_id_list == toset(["sts.amazonaws.com"])
    error_message = "each_role_trusts_only_its_environment: the provider must issue tokens for STS."
  }

  assert {
    condition     = aws_iam_role.this["staging"].max_session_duration == 3600 && aws_iam_role.build.max_session_duration == 3600
    error_message = "each_role_trusts_only_its_environment: deploy credentials must last one hour."
  }

  assert {
    condition     = jsondecode(aws_iam_role.build.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:acme/acme-test:ref:refs/heads/main"
    error_message = "the_build_role_only_pushes_images: only pushes to main may assume the build role."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.build.policy).Statement : alltrue([for a in flatten([s.Action]) : startswith(a, "ecr:") && !strcontains(a, "*")])])
    error_message = "the_build_role_only_pushes_images: the build role may only use ECR."
  }

  # Every statement that may create a role or give one rights requires the boundary.
  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement :
      s.Effect != "Allow" || length(setintersection(toset(flatten([s.Action])), ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"])) == 0
      || try(s.Condition.StringEquals["iam:PermissionsBoundary"], "") == "arn:aws:iam::123456789012:policy/acme-test-staging-boundary"
    ])
    error_message = "roles_it_creates_carry_the_boundary: a role must not be created or granted rights without staging's permissions boundary."
  }

  # ...and no wildcard can sneak those actions in.
  assert {
    condition     = !anytrue([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement : s.Effect == "Allow" && anytrue([for a in flatten([s.Action]) : strcontains(a, "*")])])
    error_message = "roles_it_creates_carry_the_boundary: IAM rights must be named one by one."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.power_user["staging"].policy_arn == "arn:aws:iam::aws:policy/PowerUserAccess"
    error_message = "roles_it_creates_carry_the_boundary: the only managed policy of a deploy role is PowerUserAccess, which has no IAM."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement :
      s.Effect == "Deny" && contains(flatten([try(s.Resource, [])]), "arn:aws:iam::123456789012:policy/acme-test-staging-boundary") && contains(flatten([try(s.Resource, [])]), "arn:aws:iam::123456789012:role/*")
      && length(setsubtract(["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteRolePermissionsBoundary", "iam:SetDefaultPolicyVersion"], flatten([s.Action]))) == 0
    ])
    error_message = "the_boundary_cannot_be_removed_or_edited: the deploy role must be denied deleting a role's boundary and deleting or rewriting the boundary policy."
  }

  # The boundary itself allows no IAM write: only passing the environment's roles to ECS.
  assert {
    condition = alltrue([for s in jsondecode(aws_iam_policy.boundary["staging"].policy).Statement :
      s.Effect == "Deny" || (contains(try(s.NotAction, []), "iam:*") && s.Resource == "*") || try(s.Action, "") == "iam:PassRole"
    ])
    error_message = "the_boundary_cannot_be_removed_or_edited: the boundary must not allow any IAM write."
  }

  assert {
    condition     = anytrue([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement : s.Effect == "Deny" && contains(flatten([s.Action]), "iam:CreateUser") && contains(flatten([s.Action]), "iam:CreateAccessKey") && try(s.Resource, "") == "*"])
    error_message = "the_boundary_cannot_be_removed_or_edited: the deploy role must never create IAM users or access keys."
  }

  # Nothing staging's deploy role is allowed names production.
  assert {
    condition     = !strcontains(jsonencode([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement : s if s.Effect == "Allow"]), "production")
    error_message = "staging_cannot_touch_production: staging's IAM rights must not name production."
  }

  # What PowerUserAccess allows, the isolation denies for production's tagged and named
  # resources and its state, in the deploy role and in the boundary of every role it makes.
  assert {
    condition = alltrue([for statements in [jsondecode(aws_iam_role_policy.isolation["staging"].policy).Statement, jsondecode(aws_iam_policy.boundary["staging"].policy).Statement] : anytrue([for s in statements :
      s.Effect == "Deny" && try(s.Action, "") == "*" && try(s.Condition.StringNotEquals["aws:ResourceTag/Environment"], "") == "staging" && try(s.Condition.Null["aws:ResourceTag/Environment"], "") == "false"
    ])])
    error_message = "staging_cannot_touch_production: staging's roles must be denied everything tagged for another environment."
  }

  assert {
    condition = alltrue([for statements in [jsondecode(aws_iam_role_policy.isolation["staging"].policy).Statement, jsondecode(aws_iam_policy.boundary["staging"].policy).Statement] : anytrue([for s in statements :
      s.Effect == "Deny" && try(s.Action, "") == "*" && contains(flatten([try(s.Resource, [])]), "arn:aws:s3:::acme-test-terraform-state/production/*")
      && alltrue([for service in ["ecr", "ecs", "iam", "rds", "secretsmanager"] : contains(flatten([try(s.Resource, [])]), "arn:aws:${service}:*:*:*acme-test-production*")])
      && !strcontains(jsonencode(s.Resource), "staging")
    ])])
    error_message = "staging_cannot_touch_production: staging's roles must be denied production's named resources and state, and nothing of staging."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_iam_role_policy.isolation["staging"].policy).Statement :
      s.Effect == "Deny" && contains(flatten([s.Action]), "dynamodb:DeleteItem") && try(s.Resource, "") == "arn:aws:dynamodb:*:123456789012:table/acme-test-terraform-locks"
      && try(s.Condition["ForAnyValue:StringLike"]["dynamodb:LeadingKeys"], []) == ["acme-test-terraform-state/production/*"]
    ])
    error_message = "staging_cannot_touch_production: staging's deploy role must be denied production's state lock."
  }

  assert {
    condition     = anytrue([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement : s.Effect == "Deny" && try(s.Action, "") == "iam:PassRole" && try(s.Condition.StringNotEquals["iam:ResourceTag/Environment"], "") == "staging"])
    error_message = "staging_cannot_touch_production: staging's deploy role must pass only staging's roles."
  }

  assert {
    condition     = anytrue([for s in jsondecode(aws_iam_role_policy.iam["staging"].policy).Statement : s.Effect == "Deny" && try(s.Action, "") == "iam:*" && contains(flatten([try(s.Resource, [])]), "arn:aws:iam::123456789012:role/acme-test-staging-deploy") && contains(flatten([try(s.Resource, [])]), "arn:aws:iam::123456789012:role/acme-test-production-deploy")])
    error_message = "staging_cannot_touch_production: no deploy role may change itself or another deploy role."
  }
}

run "reuses_an_existing_provider" {
  module {
    source = "./modules/deploy_role"
  }

  command = plan

  variables {
    create_oidc_provider = false
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.this) == 0 && jsondecode(aws_iam_role.this["production"].assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    error_message = "With an existing provider, the roles must trust it instead of creating one."
  }
}

run "refuses_a_malformed_repository" {
  module {
    source = "./modules/deploy_role"
  }

  command = plan

  variables {
    repository = "https://github.com/acme/acme-test"
  }

  expect_failures = [var.repository]
}

run "refuses_a_day_long_session" {
  module {
    source = "./modules/deploy_role"
  }

  command = plan

  variables {
    max_session_hours = 12
  }

  expect_failures = [var.max_session_hours]
}
