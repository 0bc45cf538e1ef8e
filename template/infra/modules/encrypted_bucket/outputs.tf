output "id" {
  description = "Name of the bucket."
  value       = local.bucket.id
}

output "arn" {
  description = "ARN of the bucket."
  value       = local.bucket.arn
}

output "policy" {
  description = "The bucket policy (JSON): the given statements, then the TLS-only deny."
  value       = aws_s3_bucket_policy.this.policy
}

output "versioning_status" {
  description = "Versioning status of the bucket (Enabled)."
  value       = aws_s3_bucket_versioning.this.versioning_configuration[0].status
}

output "sse_algorithm" {
  description = "Default encryption: aws:kms with kms_key_arn, else AES256 (SSE-S3)."
  value       = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm
}

output "kms_key_arn" {
  description = "Key that encrypts the objects by default, or null for S3-managed keys."
  value       = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id
}
