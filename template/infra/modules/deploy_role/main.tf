# The role the deploy workflow assumes with GitHub's OpenID Connect token: no AWS key is ever
# stored in GitHub. Only this repository's pushes to the deploy branch and its deploy
# environments can assume it; a pull request from a fork cannot.
data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  issuer   = "token.actions.githubusercontent.com"
  account  = data.aws_caller_identity.current.account_id
  arn_base = "arn:${data.aws_partition.current.partition}"
  subjects = concat(
    ["repo:${var.repository}:ref:refs/heads/${var.branch}"],
    [for environment in var.environments : "repo:${var.repository}:environment:${environment}"],
  )
  provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.this[0].arn : "${local.arn_base}:iam::${local.account}:oidc-provider/${local.issuer}"
}

resource "aws_iam_openid_connect_provider" "this" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-deploy"
  description          = "Assumed by the deploy workflow of ${var.repository} through OpenID Connect"
  max_session_duration = var.max_session_hours * 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.issuer}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.issuer}:sub" = local.subjects }
      }
    }]
  })

  tags = var.tags
}

# Terraform manages the VPC, the database, the service and their alarms: PowerUserAccess
# covers those and excludes IAM and the account's organisation.
resource "aws_iam_role_policy_attachment" "power_user" {
  role       = aws_iam_role.this.name
  policy_arn = "${local.arn_base}:iam::aws:policy/PowerUserAccess"
}

# IAM only for the project's own roles and policies (its name prefix), so the role cannot
# grant itself or anyone else more than the project needs.
resource "aws_iam_role_policy" "project_iam" {
  name = "project-iam"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ProjectRolesAndPolicies"
        Effect = "Allow"
        Action = [
          "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateRole",
          "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteRole", "iam:DeleteRolePolicy",
          "iam:DetachRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole",
          "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
          "iam:ListPolicyVersions", "iam:ListRolePolicies", "iam:PassRole", "iam:PutRolePolicy",
          "iam:TagPolicy", "iam:TagRole", "iam:UntagPolicy", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
          "iam:UpdateRole", "iam:UpdateRoleDescription",
        ]
        Resource = [
          "${local.arn_base}:iam::${local.account}:role/${var.name}-*",
          "${local.arn_base}:iam::${local.account}:policy/${var.name}-*",
        ]
      },
      {
        # Only the project's own policies and AWS's service-role policies can be attached.
        Sid      = "AttachProjectPolicies"
        Effect   = "Allow"
        Action   = "iam:AttachRolePolicy"
        Resource = "${local.arn_base}:iam::${local.account}:role/${var.name}-*"
        Condition = {
          ArnLike = {
            "iam:PolicyARN" = [
              "${local.arn_base}:iam::${local.account}:policy/${var.name}-*",
              "${local.arn_base}:iam::aws:policy/service-role/*",
            ]
          }
        }
      },
      {
        # The role cannot widen itself: it matches the project's prefix, so it is excluded.
        Sid      = "NotItself"
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = aws_iam_role.this.arn
      },
      {
        Sid      = "ServiceLinkedRoles"
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "${local.arn_base}:iam::${local.account}:role/aws-service-role/*"
      },
    ]
  })
}
