data "aws_caller_identity" "current" {}

locals {
  ecs_tasks_trust = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  }
}

# The migrate task's own execution role: what the serving tasks' execution role may do, and
# besides it read the schema owner's secret. No web, worker or scheduled task runs with it, so
# the login that can change the schema never reaches the serving app.
resource "aws_iam_role" "this" {
  name_prefix          = "${substr(var.name, 0, 28)}-migr-"
  permissions_boundary = var.permissions_boundary
  assume_role_policy   = jsonencode(local.ecs_tasks_trust)

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "pull-log-read-secrets"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(jsondecode(var.base_execution_policy).Statement, [
      {
        Sid      = "ReadTheMigratingRolesSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = var.migration_secret_arn
      },
      {
        Sid      = "DecryptTheMigratingRolesSecret"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.migration_secret_kms_key_arn
      },
    ])
  })
}

# The migrations: the app's image and settings, run once per deploy before the service moves
# (migrate_command). `migrate` connects as the schema's owner (MIGRATION_DATABASE_USER and
# _PASSWORD, from the administrator's secret, which RDS rotates) and grants DATABASE_URL's
# role the rows and nothing else. No task role: the migrations call no AWS API.
resource "aws_ecs_task_definition" "this" {
  # Earlier revisions stay registered, for a rollback to an earlier image.
  skip_destroy = true

  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.this.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # The root file system is read-only; /tmp is the one writable place.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([merge(var.container, {
    command = ["migrate"]
    secrets = concat(var.container.secrets, [
      # The keys of the JSON secret RDS keeps (names, not values):
      for setting, key in { MIGRATION_DATABASE_USER = "username", MIGRATION_DATABASE_PASSWORD = "password" } : # pragma: allowlist secret
      { name = setting, valueFrom = "${var.migration_secret_arn}:${key}::" }
    ])
  })])

  tags = var.tags
}
