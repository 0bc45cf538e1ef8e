locals {
  # One of the two buckets below exists: prevent_destroy must be written as a literal.
  bucket = one(concat(aws_s3_bucket.this, aws_s3_bucket.destroyable))
}

resource "aws_s3_bucket" "this" {
  count = var.prevent_destroy ? 1 : 0

  bucket        = var.name
  bucket_prefix = var.name_prefix

  tags = var.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket" "destroyable" {
  count = var.prevent_destroy ? 0 : 1

  bucket        = var.name
  bucket_prefix = var.name_prefix

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = local.bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = local.bucket.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Every write keeps the previous version: a damaged or deleted object can be restored.
resource "aws_s3_bucket_versioning" "this" {
  bucket = local.bucket.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = local.bucket.id

  rule {
    bucket_key_enabled = var.kms_key_arn == null ? null : true

    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = local.bucket.id

  rule {
    id     = var.lifecycle_rule_id
    status = "Enabled"

    filter {}

    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]

      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = local.bucket.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      # A single action or key is written as a string, as AWS writes it (and as this policy
      # was written before the module): an existing bucket's policy stays the same text.
      [for statement in var.policy_statements : {
        Sid       = statement.sid
        Effect    = "Allow"
        Principal = statement.principal
        Action    = jsondecode(length(statement.actions) == 1 ? jsonencode(statement.actions[0]) : jsonencode(statement.actions))
        Resource  = jsondecode(length(statement.object_paths) == 1 ? jsonencode("${local.bucket.arn}/${statement.object_paths[0]}") : jsonencode([for path in statement.object_paths : "${local.bucket.arn}/${path}"]))
      }],
      [{
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket.arn, "${local.bucket.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
    )
  })

  depends_on = [aws_s3_bucket_public_access_block.this]
}
