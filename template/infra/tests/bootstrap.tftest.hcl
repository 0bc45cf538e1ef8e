# Guarantees; each assert's error_message starts with the name of the one it checks:
#   versioned   the state bucket is versioned
#   encrypted   encrypted with the module's KMS key
#   tls_only    the bucket refuses requests without TLS
#   lock_table  the lock table has the key Terraform expects, point-in-time recovery and
#               encryption
# The merged run plans the file's variables; the other expects a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  bucket_name     = "acme-test-terraform-state"
  lock_table_name = "acme-test-terraform-locks"
}

# The bucket's hardening (public access block, ownership, lifecycle) is asserted by
# modules/encrypted_bucket/tests, the key's rotation by modules/kms_key/tests.
run "as_configured" {
  module {
    source = "./modules/bootstrap"
  }

  command = plan

  assert {
    condition     = module.state_bucket.versioning_status == "Enabled"
    error_message = "versioned: the state bucket must be versioned."
  }

  assert {
    condition     = module.state_bucket.sse_algorithm == "aws:kms" && module.state_bucket.kms_key_arn == module.kms_key.key_arn
    error_message = "encrypted: the state bucket must be encrypted with the module's KMS key."
  }

  assert {
    condition     = jsondecode(module.state_bucket.policy).Statement[0].Sid == "TlsOnly" && jsondecode(module.state_bucket.policy).Statement[0].Effect == "Deny"
    error_message = "tls_only: the bucket policy must refuse requests without TLS."
  }

  assert {
    condition     = aws_dynamodb_table.this.hash_key == "LockID" && aws_dynamodb_table.this.name == "acme-test-terraform-locks"
    error_message = "lock_table: the S3 backend locks with a LockID hash key."
  }

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].kms_key_arn == module.kms_key.key_arn
    error_message = "lock_table: the lock table must have point-in-time recovery and encryption with the module's key."
  }
}

run "refuses_an_invalid_bucket_name" {
  module {
    source = "./modules/bootstrap"
  }

  command = plan

  variables {
    bucket_name = "Acme_State"
  }

  expect_failures = [var.bucket_name]
}
