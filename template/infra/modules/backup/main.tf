# Runs with a provider configured for the disaster-recovery region: the replica of the
# automated backups, and the key that encrypts it, live there.
data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

resource "aws_kms_key" "this" {
  description         = "${var.name}: database backups replicated for disaster recovery"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministers"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })

  tags = var.tags
}

# Snapshots and transaction logs are copied continuously: the database can be restored in
# this region to any point of the retention period, up to a few minutes before the source
# region was lost.
resource "aws_db_instance_automated_backups_replication" "this" {
  source_db_instance_arn = var.source_db_instance_arn
  kms_key_id             = aws_kms_key.this.arn
  retention_period       = var.retention_days
}
