# Guarantees; each assert's error_message starts with the name of the one it checks:
#   reads_the_owner     the migrate task gets MIGRATION_DATABASE_USER and _PASSWORD from the
#                       schema owner's secret, and its own role may read and decrypt it
#   runs_alone          it runs `migrate` with its own execution role and no task role, in the
#                       app's image with the app's settings and secrets
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name = "acme-test"
  container = {
    name                   = "app"
    image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test:0123456789abcdef"
    essential              = true
    readonlyRootFilesystem = true
    environment            = [{ name = "ENVIRONMENT", value = "production" }]
    secrets                = [{ name = "DATABASE_URL", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-test/app-AbCdEf:DATABASE_URL::" }]
  }
  base_execution_policy        = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadTheAppSecret\",\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-test/app-AbCdEf\"}]}"
  migration_secret_arn         = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0000-AbCdEf" # pragma: allowlist secret
  migration_secret_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
  cluster_name                 = "acme-test"
  subnet_ids                   = ["subnet-0000000000000000c", "subnet-0000000000000000d"]
  security_group_id            = "sg-0123456789abcdef0"
}

run "as_configured" {
  module {
    source = "./modules/migration"
  }

  command = plan

  assert {
    condition     = { for secret in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : secret.name => secret.valueFrom if startswith(secret.name, "MIGRATION_") } == { MIGRATION_DATABASE_USER = "${var.migration_secret_arn}:username::", MIGRATION_DATABASE_PASSWORD = "${var.migration_secret_arn}:password::" }
    error_message = "reads_the_owner: the migrate task must get MIGRATION_DATABASE_USER and _PASSWORD from the migrating role's secret."
  }

  assert {
    condition     = length([for statement in jsondecode(aws_iam_role_policy.this.policy).Statement : statement if contains([var.migration_secret_arn, var.migration_secret_kms_key_arn], statement.Resource)]) == 2
    error_message = "reads_the_owner: the migrate task's role must read and decrypt the migrating role's secret."
  }

  assert {
    condition     = aws_ecs_task_definition.this.execution_role_arn == aws_iam_role.this.arn && aws_ecs_task_definition.this.task_role_arn == null && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].command == ["migrate"]
    error_message = "runs_alone: the migrate task must run `migrate` with its own execution role and no task role."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == var.container.image && contains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets, var.container.secrets[0]) && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem
    error_message = "runs_alone: the migrate task must run the app's image with its secrets and a read-only root file system."
  }

  assert {
    condition     = contains([for statement in jsondecode(aws_iam_role_policy.this.policy).Statement : statement.Sid], "ReadTheAppSecret")
    error_message = "runs_alone: the migrate task's role must keep what the serving tasks' execution role may do."
  }
}
