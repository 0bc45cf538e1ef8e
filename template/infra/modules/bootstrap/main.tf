module "kms_key" {
  source = "../kms_key"

  description = "Terraform state and its lock table"

  tags = var.tags
}

# Every apply writes a new version of the state: a damaged state can be rolled back.
module "state_bucket" {
  source = "../encrypted_bucket"

  name                    = var.bucket_name
  kms_key_arn             = module.kms_key.key_arn
  lifecycle_rule_id       = "expire-old-state-versions"
  noncurrent_version_days = var.noncurrent_version_days

  tags = var.tags
}

resource "aws_dynamodb_table" "this" {
  name                        = var.lock_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "LockID"
  deletion_protection_enabled = true

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms_key.key_arn
  }

  tags = var.tags
}

# Addresses before the kms_key and encrypted_bucket modules: existing state moves, nothing
# is destroyed (the state bucket also refuses to be).
moved {
  from = aws_kms_key.this
  to   = module.kms_key.aws_kms_key.this
}

moved {
  from = aws_s3_bucket.this
  to   = module.state_bucket.aws_s3_bucket.this[0]
}

moved {
  from = aws_s3_bucket_public_access_block.this
  to   = module.state_bucket.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this
  to   = module.state_bucket.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_versioning.this
  to   = module.state_bucket.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this
  to   = module.state_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.this
  to   = module.state_bucket.aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.this
  to   = module.state_bucket.aws_s3_bucket_policy.this
}
