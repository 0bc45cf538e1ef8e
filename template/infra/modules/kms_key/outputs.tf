output "key_arn" {
  description = "ARN of the key: what kms_key_id and kms_key_arn arguments take."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "Id of the key."
  value       = aws_kms_key.this.key_id
}

output "alias_name" {
  description = "The key's alias (alias/...), or null when it has none."
  value       = one(aws_kms_alias.this[*].name)
}
