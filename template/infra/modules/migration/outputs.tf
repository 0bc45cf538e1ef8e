output "task_definition_family" {
  description = "Task definition family of the migrations, the one task that reads the migrating role's secret."
  value       = aws_ecs_task_definition.this.family
}

output "migrate_command" {
  description = "The AWS CLI call that runs the migrations as a one-off task (what the deploy workflow runs before a release)."
  value = join(" ", [
    "aws ecs run-task --cluster ${var.cluster_name}",
    "--task-definition ${aws_ecs_task_definition.this.family} --launch-type FARGATE",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.subnet_ids)}],securityGroups=[${var.security_group_id}],assignPublicIp=DISABLED}'",
  ])
}
