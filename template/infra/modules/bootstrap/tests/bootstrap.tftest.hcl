# Guarantees: the state bucket is versioned, encrypted with KMS, private and TLS-only; the
# lock table has the key Terraform expects, point-in-time recovery and encryption.
mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks"
}

variables {
  bucket_name     = "acme-test-terraform-state"
  lock_table_name = "acme-test-terraform-locks"
}

run "state_bucket_is_versioned_encrypted_and_private" {
  command = plan

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "The state bucket must be versioned."
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(rule.apply_server_side_encryption_by_default).sse_algorithm]) == "aws:kms"
    error_message = "The state bucket must be encrypted with KMS."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "Every public-access block setting must be on."
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.this.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" && jsondecode(aws_s3_bucket_policy.this.policy).Statement[0].Effect == "Deny"
    error_message = "The bucket policy must refuse requests without TLS."
  }
}

run "lock_table_matches_the_backend" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.hash_key == "LockID" && aws_dynamodb_table.this.name == "acme-test-terraform-locks"
    error_message = "The S3 backend locks with a LockID hash key."
  }

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].enabled
    error_message = "The lock table must have point-in-time recovery and encryption."
  }
}

run "refuses_an_invalid_bucket_name" {
  command = plan

  variables {
    bucket_name = "Acme_State"
  }

  expect_failures = [var.bucket_name]
}
