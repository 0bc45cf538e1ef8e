# Guarantees; each assert's error_message starts with the name of the one it checks:
#   alarms_every_signal  an alarm for each signal (5xx rate, p95 latency, unhealthy targets,
#                        service CPU and memory, no worker running, database CPU, free
#                        storage and connections), each linking to its runbook
#   notifies             every alarm notifies the SNS topic
#   measures             each alarm watches the right metric and threshold
#   no_worker            an alarm when no worker task runs
#   encrypts             an encrypted topic
#   dashboard            a dashboard of the seven panels
#   subscribes           the alarm address subscribed when given
# The merged run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name                    = "acme-test"
  runbook_url             = "https://example.com/docs/deploy/alarms.md"
  alb_arn_suffix          = "app/acme-test/0123456789abcdef"
  target_group_arn_suffix = "targetgroup/acme-test-app/0123456789abcdef"
  cluster_name            = "acme-test"
  service_name            = "acme-test"
  worker_service_name     = "acme-test-worker"
  db_instance_id          = "acme-test"
  db_allocated_storage_gb = 20
  db_max_connections      = 100
}

run "as_configured" {
  module {
    source = "./modules/monitoring"
  }

  command = plan

  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.this) == ["db_connections", "db_cpu", "db_free_storage", "p95_latency", "service_cpu", "service_memory", "unhealthy_targets", "worker_not_running"]
    error_message = "alarms_every_signal: expected one alarm per signal."
  }

  assert {
    condition     = alltrue([for alarm in values(aws_cloudwatch_metric_alarm.this) : alarm.alarm_actions == toset([aws_sns_topic.this.arn])])
    error_message = "notifies: every alarm must notify the SNS topic."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.http_5xx_rate.alarm_actions == toset([aws_sns_topic.this.arn])
    error_message = "notifies: the 5xx-rate alarm must notify the SNS topic."
  }

  assert {
    condition     = alltrue([for alarm in concat(values(aws_cloudwatch_metric_alarm.this), [aws_cloudwatch_metric_alarm.http_5xx_rate]) : strcontains(alarm.alarm_description, "Runbook: https://example.com/docs/deploy/alarms.md#")])
    error_message = "alarms_every_signal: every alarm must link to its runbook section."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["p95_latency"].extended_statistic == "p95" && aws_cloudwatch_metric_alarm.this["p95_latency"].metric_name == "TargetResponseTime"
    error_message = "measures: the latency alarm must watch the 95th percentile of the response time."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["unhealthy_targets"].metric_name == "UnHealthyHostCount" && aws_cloudwatch_metric_alarm.this["unhealthy_targets"].threshold == 0
    error_message = "measures: the unhealthy-targets alarm must fire on the first unhealthy task."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["db_free_storage"].threshold == 2147483648 && aws_cloudwatch_metric_alarm.this["db_free_storage"].comparison_operator == "LessThanThreshold"
    error_message = "measures: the storage alarm must fire below 10% of 20 GiB."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["db_connections"].threshold == 80
    error_message = "measures: the connections alarm must fire above 80% of max_connections."
  }

  assert {
    condition     = [for query in aws_cloudwatch_metric_alarm.http_5xx_rate.metric_query : query.id if query.return_data == true] == ["rate"]
    error_message = "measures: the 5xx alarm must compare a rate, not a count."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["worker_not_running"].namespace == "ECS/ContainerInsights" && aws_cloudwatch_metric_alarm.this["worker_not_running"].metric_name == "RunningTaskCount"
    error_message = "no_worker: the worker alarm must watch the worker service's running task count."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["worker_not_running"].dimensions == tomap({ ClusterName = "acme-test", ServiceName = "acme-test-worker" })
    error_message = "no_worker: the worker alarm must watch the worker service, not the web service."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["worker_not_running"].comparison_operator == "LessThanThreshold" && aws_cloudwatch_metric_alarm.this["worker_not_running"].threshold == 1 && aws_cloudwatch_metric_alarm.this["worker_not_running"].treat_missing_data == "breaching"
    error_message = "no_worker: the worker alarm must fire below one running task, and when the count is missing."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["worker_not_running"].alarm_actions == toset([aws_sns_topic.this.arn]) && endswith(aws_cloudwatch_metric_alarm.this["worker_not_running"].alarm_description, "alarms.md#worker-not-running")
    error_message = "no_worker: the worker alarm must notify the alarm topic and link to its runbook section."
  }

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == module.kms_key.key_arn
    error_message = "encrypts: the alarm topic must be encrypted."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets) == 7
    error_message = "dashboard: the dashboard must show the seven panels."
  }
}

run "subscribes_the_alarm_address" {
  module {
    source = "./modules/monitoring"
  }

  command = plan

  variables {
    alarm_email = "oncall@example.com"
  }

  assert {
    condition     = aws_sns_topic_subscription.this[0].endpoint == "oncall@example.com"
    error_message = "subscribes: the alarm address must be subscribed."
  }
}

run "refuses_an_address_that_is_not_one" {
  module {
    source = "./modules/monitoring"
  }

  command = plan

  variables {
    alarm_email = "oncall"
  }

  expect_failures = [var.alarm_email]
}
