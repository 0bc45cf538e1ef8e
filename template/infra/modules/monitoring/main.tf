data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  alb_dimensions     = { LoadBalancer = var.alb_arn_suffix }
  target_dimensions  = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  service_dimensions = { ClusterName = var.cluster_name, ServiceName = var.service_name }
  worker_dimensions  = { ClusterName = var.cluster_name, ServiceName = var.worker_service_name }
  db_dimensions      = { DBInstanceIdentifier = var.db_instance_id }

  # One alarm per signal on a single metric; the 5xx rate, a ratio, has its own resource below.
  alarms = {
    p95_latency = {
      description = "95th-percentile response time above ${var.p95_latency_seconds} s for 10 minutes"
      namespace   = "AWS/ApplicationELB"
      metric      = "TargetResponseTime"
      statistic   = null
      extended    = "p95"
      dimensions  = local.target_dimensions
      operator    = "GreaterThanThreshold"
      threshold   = var.p95_latency_seconds
      periods     = 2
      missing     = "notBreaching"
    }
    unhealthy_targets = {
      description = "At least one task failed its /healthz (liveness) health check for 3 minutes"
      namespace   = "AWS/ApplicationELB"
      metric      = "UnHealthyHostCount"
      statistic   = "Maximum"
      extended    = null
      dimensions  = local.target_dimensions
      operator    = "GreaterThanThreshold"
      threshold   = 0
      periods     = 3
      missing     = "notBreaching"
    }
    service_cpu = {
      description = "Task CPU above ${var.cpu_percent}% for 10 minutes: autoscaling is at its ceiling or too slow"
      namespace   = "AWS/ECS"
      metric      = "CPUUtilization"
      statistic   = "Average"
      extended    = null
      dimensions  = local.service_dimensions
      operator    = "GreaterThanThreshold"
      threshold   = var.cpu_percent
      periods     = 2
      missing     = "breaching"
    }
    service_memory = {
      description = "Task memory above ${var.memory_percent}% for 10 minutes"
      namespace   = "AWS/ECS"
      metric      = "MemoryUtilization"
      statistic   = "Average"
      extended    = null
      dimensions  = local.service_dimensions
      operator    = "GreaterThanThreshold"
      threshold   = var.memory_percent
      periods     = 2
      missing     = "breaching"
    }
    # Container Insights (on for the cluster) counts the service's running tasks every minute,
    # zero included; no data at all means Insights lost the service, treated as not running.
    worker_not_running = {
      description = "No worker task running for 10 minutes: mail and other queued jobs wait"
      namespace   = "ECS/ContainerInsights"
      metric      = "RunningTaskCount"
      statistic   = "Minimum"
      extended    = null
      dimensions  = local.worker_dimensions
      operator    = "LessThanThreshold"
      threshold   = 1
      periods     = 2
      missing     = "breaching"
    }
    db_cpu = {
      description = "Database CPU above ${var.db_cpu_percent}% for 15 minutes"
      namespace   = "AWS/RDS"
      metric      = "CPUUtilization"
      statistic   = "Average"
      extended    = null
      dimensions  = local.db_dimensions
      operator    = "GreaterThanThreshold"
      threshold   = var.db_cpu_percent
      periods     = 3
      missing     = "breaching"
    }
    db_free_storage = {
      description = "Database free storage below ${var.db_free_storage_percent}% of ${var.db_allocated_storage_gb} GiB"
      namespace   = "AWS/RDS"
      metric      = "FreeStorageSpace"
      statistic   = "Minimum"
      extended    = null
      dimensions  = local.db_dimensions
      operator    = "LessThanThreshold"
      threshold   = var.db_allocated_storage_gb * 1073741824 * var.db_free_storage_percent / 100
      periods     = 1
      missing     = "breaching"
    }
    db_connections = {
      description = "Database connections above ${var.db_connections_percent}% of ${var.db_max_connections}"
      namespace   = "AWS/RDS"
      metric      = "DatabaseConnections"
      statistic   = "Maximum"
      extended    = null
      dimensions  = local.db_dimensions
      operator    = "GreaterThanThreshold"
      threshold   = floor(var.db_max_connections * var.db_connections_percent / 100)
      periods     = 2
      missing     = "breaching"
    }
  }
}

module "kms_key" {
  source = "../kms_key"

  description = "${var.name}: alarm notifications"
  service_statements = [{
    sid       = "CloudWatchPublishesAlarms"
    service   = "cloudwatch.amazonaws.com"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
  }]

  tags = var.tags
}

resource "aws_sns_topic" "this" {
  name              = "${var.name}-alarms"
  kms_master_key_id = module.kms_key.key_arn

  tags = var.tags
}

resource "aws_sns_topic_subscription" "this" {
  count = var.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${replace(each.key, "_", "-")}"
  alarm_description   = "${each.value.description}. Runbook: ${var.runbook_url}#${replace(each.key, "_", "-")}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended
  dimensions          = each.value.dimensions
  comparison_operator = each.value.operator
  threshold           = each.value.threshold
  period              = 300
  evaluation_periods  = each.value.periods
  treat_missing_data  = each.value.missing
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]

  tags = var.tags
}

# 5xx responses (from the app and from the load balancer itself) as a share of all requests.
resource "aws_cloudwatch_metric_alarm" "http_5xx_rate" {
  alarm_name          = "${var.name}-http-5xx-rate"
  alarm_description   = "More than ${var.error_rate_percent}% of requests answered with a 5xx for 10 minutes. Runbook: ${var.runbook_url}#http-5xx-rate"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.error_rate_percent
  evaluation_periods  = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * (FILL(target_5xx, 0) + FILL(elb_5xx, 0)) / requests, 0)"
    label       = "5xx responses (%)"
    return_data = true
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = local.alb_dimensions
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "target_5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.alb_dimensions
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "elb_5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = local.alb_dimensions
      period      = 300
      stat        = "Sum"
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      for index, widget in [
        { title = "Requests and 5xx", metrics = [
          ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb_arn_suffix, { stat = "Sum" }],
          [".", "HTTPCode_Target_5XX_Count", ".", ".", { stat = "Sum" }],
          [".", "HTTPCode_ELB_5XX_Count", ".", ".", { stat = "Sum" }],
        ] },
        { title = "Response time p50 / p95 / p99 (s)", metrics = [
          ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p50" }],
          ["...", { stat = "p95" }],
          ["...", { stat = "p99" }],
        ] },
        { title = "Healthy and unhealthy tasks", metrics = [
          ["AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", var.target_group_arn_suffix, "LoadBalancer", var.alb_arn_suffix, { stat = "Minimum" }],
          [".", "UnHealthyHostCount", ".", ".", ".", ".", { stat = "Maximum" }],
        ] },
        { title = "Service CPU and memory (%)", metrics = [
          ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name, { stat = "Average" }],
          [".", "MemoryUtilization", ".", ".", ".", ".", { stat = "Average" }],
        ] },
        { title = "Worker tasks running", metrics = [
          ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", var.cluster_name, "ServiceName", var.worker_service_name, { stat = "Minimum" }],
        ] },
        { title = "Database CPU (%) and connections", metrics = [
          ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.db_instance_id, { stat = "Average" }],
          [".", "DatabaseConnections", ".", ".", { stat = "Maximum", yAxis = "right" }],
        ] },
        { title = "Database free storage (bytes)", metrics = [
          ["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", var.db_instance_id, { stat = "Minimum" }],
        ] },
        ] : {
        type   = "metric"
        x      = (index % 2) * 12
        y      = floor(index / 2) * 6
        width  = 12
        height = 6
        properties = {
          title   = widget.title
          region  = data.aws_region.current.name
          metrics = widget.metrics
          period  = 60
          view    = "timeSeries"
        }
      }
    ]
  })
}

# The key's address before the kms_key module: existing state moves, the key stays.
moved {
  from = aws_kms_key.this
  to   = module.kms_key.aws_kms_key.this
}
