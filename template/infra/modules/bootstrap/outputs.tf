output "bucket_name" {
  description = "State bucket: the bucket of every environment's backend \"s3\" block."
  value       = module.state_bucket.id
}

output "lock_table_name" {
  description = "Lock table: the dynamodb_table of every environment's backend \"s3\" block."
  value       = aws_dynamodb_table.this.name
}

output "kms_key_arn" {
  description = "Key that encrypts the state and the lock table."
  value       = module.kms_key.key_arn
}
