# Guarantees; each assert's error_message starts with the name of the one it checks:
#   versioned        the bucket is versioned
#   encrypted        encrypted by default, with the customer key and a bucket key when one is
#                    given
#   private          every public access blocked, owned by the bucket owner
#   tls_only         TLS only, after the given statements
#   expires          old versions expire, current objects only when asked
#   refuses_destroy  it refuses terraform destroy unless asked not to
# The first run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name                    = "acme-test-bucket"
  kms_key_arn             = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
  noncurrent_version_days = 90
}

run "as_configured" {
  module {
    source = "./modules/encrypted_bucket"
  }

  command = plan

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "versioned: the bucket must be versioned."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn
    error_message = "encrypted: the bucket must be encrypted with the given customer key."
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled
    error_message = "encrypted: a KMS-encrypted bucket must use an S3 bucket key (one KMS call per object, not per request)."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "private: every public-access block setting must be on."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "private: the bucket owner must own every object (ACLs disabled)."
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.this.policy).Statement == [{ Sid = "TlsOnly", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["arn:aws:s3:::mock-bucket", "arn:aws:s3:::mock-bucket/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
    error_message = "tls_only: the bucket policy must refuse every request without TLS."
  }

  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.this.rule).noncurrent_version_expiration[0].noncurrent_days == 90 && length(one(aws_s3_bucket_lifecycle_configuration.this.rule).expiration) == 0
    error_message = "expires: old versions must expire after noncurrent_version_days; current objects are kept."
  }

  assert {
    condition     = length(aws_s3_bucket.this) == 1 && length(aws_s3_bucket.destroyable) == 0 && aws_s3_bucket.this[0].bucket == "acme-test-bucket"
    error_message = "refuses_destroy: by default the bucket is the one protected from terraform destroy."
  }
}

run "without_a_key_encrypts_with_s3_managed_keys_and_adds_the_statements" {
  module {
    source = "./modules/encrypted_bucket"
  }

  command = plan

  variables {
    name                    = null
    name_prefix             = "acme-test-logs-"
    kms_key_arn             = null
    prevent_destroy         = false
    expiration_days         = 30
    noncurrent_version_days = 1
    policy_statements = [{
      sid          = "LogDeliveryWrites"
      principal    = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
      actions      = ["s3:PutObject"]
      object_paths = ["AWSLogs/*"]
    }]
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "encrypted: without a key the bucket must still be encrypted, with S3-managed keys."
  }

  assert {
    condition     = [for statement in jsondecode(aws_s3_bucket_policy.this.policy).Statement : statement.Sid] == ["LogDeliveryWrites", "TlsOnly"]
    error_message = "tls_only: the given statements come first, the TLS-only deny last."
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.this.policy).Statement[0].Resource == "arn:aws:s3:::mock-bucket/AWSLogs/*" && jsondecode(aws_s3_bucket_policy.this.policy).Statement[0].Action == "s3:PutObject"
    error_message = "tls_only: a statement's object paths must be keys of this bucket."
  }

  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.this.rule).expiration[0].days == 30
    error_message = "expires: current objects must expire after expiration_days."
  }

  assert {
    condition     = length(aws_s3_bucket.this) == 0 && aws_s3_bucket.destroyable[0].bucket_prefix == "acme-test-logs-"
    error_message = "refuses_destroy: prevent_destroy = false must create the destroyable bucket, named from the prefix."
  }
}

run "refuses_a_name_and_a_prefix_together" {
  module {
    source = "./modules/encrypted_bucket"
  }

  command = plan

  variables {
    name_prefix = "acme-test-"
  }

  expect_failures = [var.name_prefix]
}
