output "sns_topic_arn" {
  description = "Topic every alarm notifies; subscribe a pager or chat integration to it."
  value       = aws_sns_topic.this.arn
}

output "alarm_names" {
  description = "Alarm name per signal."
  value = merge(
    { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.alarm_name },
    { http_5xx_rate = aws_cloudwatch_metric_alarm.http_5xx_rate.alarm_name },
  )
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the service and the database."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
