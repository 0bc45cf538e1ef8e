data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # The account administers the key through IAM, as with the key policy AWS writes by
  # default; every other use is one statement per AWS service, from the inputs.
  administrators = {
    Sid       = "AccountAdministers"
    Effect    = "Allow"
    Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
    Action    = "kms:*"
    Resource  = "*"
  }
  service_statements = [for statement in var.service_statements : merge(
    {
      Sid       = statement.sid
      Effect    = "Allow"
      Principal = { Service = statement.service }
      Action    = statement.actions
      Resource  = "*"
    },
    statement.condition == null ? {} : { Condition = statement.condition },
  )]
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat([local.administrators], local.service_statements)
  })

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  count = var.alias == null ? 0 : 1

  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
