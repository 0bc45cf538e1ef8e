# The roles GitHub's OpenID Connect tokens can assume: no AWS key is ever stored in GitHub.
# One deploy role per environment, trusted only by jobs in that GitHub environment, so a
# branch that may deploy staging (no reviewer) gets nothing of production (a reviewer). A
# build role, trusted only by pushes to the deploy branch, may only push images.
data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  issuer       = "token.actions.githubusercontent.com"
  account      = data.aws_caller_identity.current.account_id
  arn_base     = "arn:${data.aws_partition.current.partition}"
  iam          = "${local.arn_base}:iam::${local.account}"
  provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.this[0].arn : "${local.iam}:oidc-provider/${local.issuer}"

  environments  = toset(var.environments)
  subjects      = { for env in var.environments : env => "repo:${var.repository}:environment:${env}" }
  build_subject = "repo:${var.repository}:ref:refs/heads/${var.branch}"
  # Names are built, not read from the resources, so each policy can name the others' roles.
  role_arns     = { for env in var.environments : env => "${local.iam}:role/${var.name}-${env}-deploy" }
  boundary_arns = { for env in var.environments : env => "${local.iam}:policy/${var.name}-${env}-boundary" }
  # Services whose ARNs carry the resource's name: an environment's resources are named
  # <name>-<environment>-..., so another environment's name in an ARN marks its resources.
  named_services = [
    "backup", "cloudwatch", "ecr", "ecs", "elasticloadbalancing", "iam", "kms", "logs", "rds",
    "s3", "scheduler", "secretsmanager", "ses", "sns", "wafv2",
  ]

  # What keeps an environment's principals (its deploy role and every role it creates) out of
  # the other environments: explicit denies, which no allow can outweigh.
  isolation = { for env in var.environments : env => [
    {
      Sid       = "NotResourcesTaggedForAnotherEnvironment"
      Effect    = "Deny"
      Action    = "*"
      Resource  = "*"
      Condition = { Null = { "aws:ResourceTag/Environment" = "false" }, StringNotEquals = { "aws:ResourceTag/Environment" = env } }
    },
    {
      Sid       = "NotTaggingForAnotherEnvironment"
      Effect    = "Deny"
      Action    = "*"
      Resource  = "*"
      Condition = { Null = { "aws:RequestTag/Environment" = "false" }, StringNotEquals = { "aws:RequestTag/Environment" = env } }
    },
    {
      Sid    = "NotResourcesNamedForAnotherEnvironment"
      Effect = "Deny"
      Action = "*"
      Resource = flatten([for other in var.environments : concat(
        [for service in local.named_services : "${local.arn_base}:${service}:*:*:*${var.name}-${other}*"],
        ["${local.arn_base}:s3:::${var.state_bucket}/${other}/*"],
      ) if other != env])
    },
    {
      # The lock table's items are <bucket>/<state key> and <bucket>/<state key>-md5.
      Sid       = "NotAnotherEnvironmentsLock"
      Effect    = "Deny"
      Action    = ["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
      Resource  = "${local.arn_base}:dynamodb:*:${local.account}:table/${var.lock_table}"
      Condition = { "ForAnyValue:StringLike" = { "dynamodb:LeadingKeys" = [for other in var.environments : "${var.state_bucket}/${other}/*" if other != env] } }
    },
    {
      Sid      = "NotTheBootstrapState"
      Effect   = "Deny"
      Action   = ["s3:DeleteObject*", "s3:PutObject*"]
      Resource = "${local.arn_base}:s3:::${var.state_bucket}/bootstrap/*"
    },
  ] }
}

resource "aws_iam_openid_connect_provider" "this" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

# ------------------------------------------------------------------ the boundary
# Every role a deploy role creates must carry its environment's boundary: whatever policies
# the role is given, it can do no more than this, which grants no IAM write at all.
resource "aws_iam_policy" "boundary" {
  for_each = local.environments

  name        = "${var.name}-${each.key}-boundary"
  description = "The most any role that the ${each.key} deploy creates may do"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "AnythingButIdentityAndTheAccount"
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*", "account:*", "sts:*"]
        Resource  = "*"
      },
      {
        # The scheduler hands the app's task its roles; nothing else is passed.
        Sid       = "PassRolesToEcsTasks"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "*"
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com", "iam:ResourceTag/Environment" = each.key } }
      },
    ], local.isolation[each.key])
  })

  tags = var.tags
}

# ------------------------------------------------------------------ deploy roles
resource "aws_iam_role" "this" {
  for_each = local.environments

  name                 = "${var.name}-${each.key}-deploy"
  description          = "Assumed by ${var.repository}'s deploy jobs in the GitHub environment ${each.key}"
  max_session_duration = var.max_session_hours * 3600
  assume_role_policy   = jsonencode(local.trust[each.key])

  tags = var.tags
}

locals {
  trust = { for env, subject in merge(local.subjects, { build = local.build_subject }) : env => {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = { "${local.issuer}:aud" = "sts.amazonaws.com", "${local.issuer}:sub" = subject } }
    }]
  } }
}

# Terraform manages the VPC, the database, the service and their alarms: PowerUserAccess
# covers those and excludes IAM; the isolation policy below takes the other environments out.
resource "aws_iam_role_policy_attachment" "power_user" {
  for_each = local.environments

  role       = aws_iam_role.this[each.key].name
  policy_arn = "${local.arn_base}:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_role_policy" "isolation" {
  for_each = local.environments

  name = "only-${each.key}"
  role = aws_iam_role.this[each.key].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.isolation[each.key]
  })
}

# IAM only on the environment's own roles (tag Environment), and never beyond the boundary.
resource "aws_iam_role_policy" "iam" {
  for_each = local.environments

  name = "roles-under-the-boundary"
  role = aws_iam_role.this[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadIam"
        Effect   = "Allow"
        Action   = ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListPolicyVersions", "iam:ListRolePolicies", "iam:ListRoleTags"]
        Resource = "*"
      },
      {
        Sid       = "CreateRolesUnderTheBoundary"
        Effect    = "Allow"
        Action    = "iam:CreateRole"
        Resource  = "${local.iam}:role/*"
        Condition = { StringEquals = { "iam:PermissionsBoundary" = local.boundary_arns[each.key], "aws:RequestTag/Environment" = each.key } }
      },
      {
        Sid       = "GrantOnlyUnderTheBoundary"
        Effect    = "Allow"
        Action    = ["iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"]
        Resource  = "${local.iam}:role/*"
        Condition = { StringEquals = { "iam:PermissionsBoundary" = local.boundary_arns[each.key], "iam:ResourceTag/Environment" = each.key } }
      },
      {
        # Only AWS's service-role policies (RDS enhanced monitoring), under the boundary too.
        Sid      = "AttachServiceRolePoliciesUnderTheBoundary"
        Effect   = "Allow"
        Action   = "iam:AttachRolePolicy"
        Resource = "${local.iam}:role/*"
        Condition = {
          StringEquals = { "iam:PermissionsBoundary" = local.boundary_arns[each.key], "iam:ResourceTag/Environment" = each.key }
          ArnLike      = { "iam:PolicyARN" = "${local.arn_base}:iam::aws:policy/service-role/*" }
        }
      },
      {
        # What only takes rights away, or hands the environment's roles to its services.
        Sid       = "ManageTheEnvironmentsRoles"
        Effect    = "Allow"
        Action    = ["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PassRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"]
        Resource  = "${local.iam}:role/*"
        Condition = { StringEquals = { "iam:ResourceTag/Environment" = each.key } }
      },
      {
        Sid      = "ServiceLinkedRoles"
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "${local.iam}:role/aws-service-role/*"
      },
      {
        Sid       = "PassOnlyTheEnvironmentsRoles"
        Effect    = "Deny"
        Action    = "iam:PassRole"
        Resource  = "*"
        Condition = { StringNotEquals = { "iam:ResourceTag/Environment" = each.key } }
      },
      {
        Sid      = "NeverRemoveOrEditABoundary"
        Effect   = "Deny"
        Action   = ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteRolePermissionsBoundary", "iam:SetDefaultPolicyVersion"]
        Resource = concat(values(local.boundary_arns), ["${local.iam}:role/*"])
      },
      {
        Sid      = "NeverUsersOrKeys"
        Effect   = "Deny"
        Action   = ["iam:AddUserToGroup", "iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential", "iam:CreateUser", "iam:PutUserPolicy", "iam:UpdateLoginProfile"]
        Resource = "*"
      },
      {
        # Its own role and the other deploy roles carry no Environment tag, and stay as
        # bootstrap made them.
        Sid      = "NotTheDeployRoles"
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = concat(values(local.role_arns), ["${local.iam}:role/${var.name}-build"])
      },
    ]
  })
}

# ------------------------------------------------------------------ the build role
# Pushes to the deploy branch build the image once and push it to every environment's
# registry (tags are immutable there); that is all this role may do.
resource "aws_iam_role" "build" {
  name                 = "${var.name}-build"
  description          = "Assumed by ${var.repository}'s image build on pushes to ${var.branch}"
  max_session_duration = var.max_session_hours * 3600
  assume_role_policy   = jsonencode(local.trust["build"])

  tags = var.tags
}

resource "aws_iam_role_policy" "build" {
  name = "push-images"
  role = aws_iam_role.build.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*" # the action has no resource to scope to
      },
      {
        Sid      = "PushToTheEnvironmentsRegistries"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]
        Resource = [for env in var.environments : "${local.arn_base}:ecr:*:${local.account}:repository/${var.name}-${env}"]
      },
    ]
  })
}
