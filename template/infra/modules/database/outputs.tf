output "instance_id" {
  description = "RDS instance identifier (the CloudWatch dimension DBInstanceIdentifier)."
  value       = aws_db_instance.this.identifier
}

output "instance_arn" {
  description = "ARN of the RDS instance (the source of cross-region backup replication)."
  value       = aws_db_instance.this.arn
}

output "address" {
  description = "Host name to connect to (inside the VPC only)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the application database."
  value       = aws_db_instance.this.db_name
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret holding the administrator's username and password (rotated by RDS)."
  value       = one(aws_db_instance.this.master_user_secret[*].secret_arn)
}

output "kms_key_arn" {
  description = "KMS key of the storage, the backups and the administrator's secret (the migrate task decrypts that secret with it)."
  value       = module.kms_key.key_arn
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.this.id
}

output "allocated_storage_gb" {
  description = "Initial storage in GiB (the free-storage alarm's reference)."
  value       = aws_db_instance.this.allocated_storage
}

output "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  value       = aws_db_instance.this.backup_retention_period
}

output "multi_az" {
  description = "Whether a synchronous standby runs in a second zone."
  value       = aws_db_instance.this.multi_az
}

output "deletion_protection" {
  description = "Whether the instance refuses deletion."
  value       = aws_db_instance.this.deletion_protection
}

output "storage_encrypted" {
  description = "Whether storage, snapshots and backups are encrypted."
  value       = aws_db_instance.this.storage_encrypted
}

output "publicly_accessible" {
  description = "Whether the instance has a public address (always false)."
  value       = aws_db_instance.this.publicly_accessible
}

output "instance_class" {
  description = "RDS instance class of the database, e.g. db.t4g.micro."
  value       = aws_db_instance.this.instance_class
}
