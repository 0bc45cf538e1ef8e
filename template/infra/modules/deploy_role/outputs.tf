output "role_arns" {
  description = "The deploy role of each environment: set each as the variable AWS_DEPLOY_ROLE_ARN of the GitHub environment of that name."
  value       = { for env, role in aws_iam_role.this : env => role.arn }
}

output "build_role_arn" {
  description = "Set it as the repository variable AWS_BUILD_ROLE_ARN: the deploy workflow's build job pushes images with it."
  value       = aws_iam_role.build.arn
}

output "boundary_arns" {
  description = "The permissions boundary of each environment: every role its deploy creates must carry it."
  value       = { for env, policy in aws_iam_policy.boundary : env => policy.arn }
}

output "subjects" {
  description = "The GitHub token subject each role trusts: an environment's jobs, and pushes to the branch for the build."
  value       = merge(local.subjects, { build = local.build_subject })
}
