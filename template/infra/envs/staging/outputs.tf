output "alb_dns_name" {
  description = "Point the domain of the certificate at this name (CNAME or Route 53 alias)."
  value       = module.service.alb_dns_name
}

output "repository_url" {
  description = "Where the deploy workflow pushes images."
  value       = module.registry.repository_url
}

output "cluster_name" {
  description = "ECS cluster of the service and its one-off tasks."
  value       = module.service.cluster_name
}

output "service_name" {
  description = "ECS service to watch during a deploy."
  value       = module.service.service_name
}

output "worker_service_name" {
  description = "ECS service of the worker that drains the job queues (e-mail, ...)."
  value       = module.service.worker_service_name
}

output "email_dns_records" {
  description = "DNS records that verify mail_domain in SES and authenticate its mail: publish them unless route53_zone_id is set."
  value       = module.email.dns_records
}

output "migrate_command" {
  description = "Runs the migrations as a one-off task; the deploy workflow runs it before each release."
  value       = module.migration.migrate_command
}

output "app_secret_name" {
  description = "Secret to fill with DATABASE_URL and SECRET_KEY before the first deploy."
  value       = module.service.app_secret_name
}

output "database_address" {
  description = "Database host name, reachable from inside the VPC only."
  value       = module.database.address
}

output "database_admin_secret_arn" {
  description = "Secret holding the database administrator's password (rotated by RDS)."
  value       = module.database.master_user_secret_arn
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = module.monitoring.sns_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the environment."
  value       = module.monitoring.dashboard_name
}
