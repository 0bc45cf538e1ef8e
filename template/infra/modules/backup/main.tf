# Runs with a provider configured for the disaster-recovery region: the replica of the
# automated backups, and the key that encrypts it, live there.
data "aws_region" "current" {}

module "kms_key" {
  source = "../kms_key"

  description = "${var.name}: database backups replicated for disaster recovery"

  tags = var.tags
}

# Snapshots and transaction logs are copied continuously: the database can be restored in
# this region to any point of the retention period, up to a few minutes before the source
# region was lost.
resource "aws_db_instance_automated_backups_replication" "this" {
  source_db_instance_arn = var.source_db_instance_arn
  kms_key_id             = module.kms_key.key_arn
  retention_period       = var.retention_days
}

# The key's address before the kms_key module: existing state moves, the key stays.
moved {
  from = aws_kms_key.this
  to   = module.kms_key.aws_kms_key.this
}
