output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.this.name
}

output "worker_service_name" {
  description = "ECS service of the worker (one task running `worker`)."
  value       = aws_ecs_service.worker.name
}

output "worker_task_definition_family" {
  description = "Task definition family of the worker."
  value       = aws_ecs_task_definition.worker.family
}

output "task_definition_family" {
  description = "Task definition family of the web tasks; scheduled commands run its revisions (the migrations have their own, in the migration module)."
  value       = aws_ecs_task_definition.this.family
}

output "tasks_security_group_id" {
  description = "Security group of the app's tasks (the database admits it)."
  value       = aws_security_group.tasks.id
}

output "private_subnet_ids" {
  description = "Subnets one-off tasks run in."
  value       = var.private_subnet_ids
}

output "alb_dns_name" {
  description = "DNS name of the load balancer: point your domain's CNAME or alias record at it."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer, for a Route 53 alias record."
  value       = aws_lb.this.zone_id
}

output "alb_arn_suffix" {
  description = "Load balancer ARN suffix (the CloudWatch dimension LoadBalancer)."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn_suffix" {
  description = "Target group ARN suffix (the CloudWatch dimension TargetGroup)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "log_group_name" {
  description = "CloudWatch log group of the app, its worker (streams worker/...) and its one-off tasks."
  value       = aws_cloudwatch_log_group.this.name
}

output "app_secret_name" {
  description = "Secrets Manager secret to fill with the app's secret settings (JSON, one key per variable)."
  value       = aws_secretsmanager_secret.this.name
}

output "min_capacity" {
  description = "Fewest tasks autoscaling keeps."
  value       = aws_appautoscaling_target.this.min_capacity
}

output "max_capacity" {
  description = "Most tasks autoscaling starts."
  value       = aws_appautoscaling_target.this.max_capacity
}

output "one_off_container" {
  description = "The web container's image, settings, secrets, read-only file system and logs (stream prefix migrate/), for a one-off task of another module (the migration module's)."
  value       = merge(local.container_common, { name = local.container, logConfiguration = local.log_configuration["migrate"] })
}

output "execution_policy" {
  description = "The execution role's policy (JSON): what the web, worker and scheduled tasks may read."
  value       = aws_iam_role_policy.execution.policy
}

output "task_definition_secrets" {
  description = "Names and sources of the secrets of the web and worker task definitions (they share them)."
  value       = { for definition in [aws_ecs_task_definition.this, aws_ecs_task_definition.worker] : definition.family => jsondecode(definition.container_definitions)[0].secrets }
}
