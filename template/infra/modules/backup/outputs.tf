output "region" {
  description = "Region that holds the replicated backups."
  value       = data.aws_region.current.name
}

output "replication_id" {
  description = "ARN of the replicated automated backups (restore with aws rds restore-db-instance-to-point-in-time --source-db-instance-automated-backups-arn)."
  value       = aws_db_instance_automated_backups_replication.this.id
}

output "retention_days" {
  description = "Days of replicated backups kept."
  value       = aws_db_instance_automated_backups_replication.this.retention_period
}

output "kms_key_arn" {
  description = "Key that encrypts the replicated backups."
  value       = module.kms_key.key_arn
}
