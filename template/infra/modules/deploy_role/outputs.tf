output "role_arn" {
  description = "Set it as the repository variable AWS_DEPLOY_ROLE_ARN: the deploy workflow assumes it."
  value       = aws_iam_role.this.arn
}

output "subjects" {
  description = "The GitHub token subjects (branch and environments) that may assume the role."
  value       = local.subjects
}
