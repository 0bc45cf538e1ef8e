# Guarantees; each assert's error_message starts with the name of the one it checks:
#   https_only          HTTPS only (TLS 1.2 and 1.3), HTTP redirected, invalid headers dropped
#   metrics_private     /metrics answered 404 by the load balancer, never forwarded to a task
#   access_logs         load balancer access logs, written by whoever the region allows
#   checks_liveness     liveness (/healthz, never /readyz) as the load balancer's and the
#                       container's health check, so a database outage replaces no task
#   scales              autoscaling on CPU and on requests per target within the given bounds
#   rolls_back          a circuit breaker that rolls back, no capacity taken away
#   reads_secrets       secrets from Secrets Manager, never plain environment variables
#   forwarded_from_vpc  X-Forwarded-* trusted from the VPC's addresses only
#   locked_down         read-only root file system, tasks without public addresses
#   never_migrates      one server worker per vCPU, no migration on start
#   least_privilege     the execution role lists its actions and resources
#   keeps_logs          logs with a retention, encrypted with the module's key
#   daily_report        the daily KPI report on a schedule
#   runs_one_worker     one worker task that drains the job queues, without a load balancer
#   worker_settings     the worker gets the app's image, settings, secrets and its own logs
#   task_role           the tasks' role gets only the given policies
#   rate_limits         the web application firewall limits every client IP
# The merged run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name                = "acme-test"
  environment         = "production"
  vpc_id              = "vpc-0123456789abcdef0"
  vpc_cidr_block      = "10.0.0.0/16"
  public_subnet_ids   = ["subnet-0000000000000000a", "subnet-0000000000000000b"]
  private_subnet_ids  = ["subnet-0000000000000000c", "subnet-0000000000000000d"]
  certificate_arn     = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  repository_arn      = "arn:aws:ecr:eu-west-1:123456789012:repository/acme-test"
  repository_url      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test"
  image_tag           = "0123456789abcdef"
  command_name        = "acme-test"
  min_capacity        = 2
  max_capacity        = 10
  log_retention_days  = 90
  deletion_protection = true
  scheduled_commands = {
    daily-report = { schedule_expression = "cron(15 0 * * ? *)", command = ["report", "daily"] }
  }
  task_role_policies = {
    send-email = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ses:SendEmail\",\"Resource\":\"arn:aws:ses:eu-west-1:123456789012:identity/example.com\"}]}"
  }
}

run "as_configured" {
  module {
    source = "./modules/service"
  }

  command = plan

  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.default_action[0].type == "redirect"
    error_message = "https_only: port 80 must only redirect."
  }

  assert {
    condition     = aws_lb_listener_rule.metrics_not_public.priority == 1 && anytrue([for c in aws_lb_listener_rule.metrics_not_public.condition : contains(c.path_pattern[0].values, "/metrics")]) && aws_lb_listener_rule.metrics_not_public.action[0].type == "fixed-response" && aws_lb_listener_rule.metrics_not_public.action[0].fixed_response[0].status_code == "404"
    error_message = "metrics_private: the HTTPS listener must answer /metrics itself with 404, first of all its rules."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].port == "443" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "https_only: HTTP must be redirected permanently to HTTPS on 443."
  }

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && startswith(aws_lb_listener.https.ssl_policy, "ELBSecurityPolicy-TLS13-1-2")
    error_message = "https_only: the HTTPS listener must allow TLS 1.2 and 1.3 only."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields && !aws_lb.this.internal
    error_message = "https_only: the internet-facing load balancer must drop invalid header fields."
  }

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == module.access_logs.id
    error_message = "access_logs: the load balancer must write access logs to the module's bucket."
  }

  assert {
    condition     = [for statement in jsondecode(module.access_logs.policy).Statement : statement.Sid] == ["LoadBalancerWritesAccessLogs", "LogDeliveryWritesAccessLogs", "TlsOnly"]
    error_message = "access_logs: an older region's ELB account and the log delivery service must both be allowed to write."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/healthz" && aws_lb_target_group.this.health_check[0].matcher == "200"
    error_message = "checks_liveness: the target group must check liveness on /healthz: /readyz fails every task at once while the database is down."
  }

  assert {
    condition     = strcontains(join(" ", jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command), "/healthz") && !strcontains(join(" ", jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command), "/readyz")
    error_message = "checks_liveness: the container's health check must be liveness on /healthz, never /readyz."
  }

  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 2 && aws_appautoscaling_target.this.max_capacity == 10
    error_message = "scales: autoscaling must keep between 2 and 10 tasks."
  }

  assert {
    condition     = aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization"
    error_message = "scales: one policy must track average CPU."
  }

  assert {
    condition     = aws_appautoscaling_policy.requests.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ALBRequestCountPerTarget"
    error_message = "scales: one policy must track requests per target."
  }

  assert {
    condition     = aws_appautoscaling_policy.requests.target_tracking_scaling_policy_configuration[0].target_value == 200 * 60
    error_message = "scales: the request target is requests per target per minute: 200 req/s is 12000."
  }

  assert {
    condition     = aws_ecs_service.this.desired_count == 2
    error_message = "scales: the service must start at the floor."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "rolls_back: the deployment circuit breaker must be on, with rollback."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 100
    error_message = "rolls_back: a deployment must not take running capacity away."
  }

  assert {
    condition     = [for secret in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : secret.name] == ["DATABASE_URL", "SECRET_KEY"]
    error_message = "reads_secrets: DATABASE_URL and SECRET_KEY must come from Secrets Manager."
  }

  assert {
    condition     = alltrue([for secret in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : startswith(secret.valueFrom, aws_secretsmanager_secret.this.arn)])
    error_message = "reads_secrets: every secret must be read from the app's secret."
  }

  assert {
    condition     = length(setintersection([for variable in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : variable.name], ["DATABASE_URL", "SECRET_KEY"])) == 0
    error_message = "reads_secrets: no secret may be a plain environment variable."
  }

  assert {
    condition     = [for variable in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : variable.value if variable.name == "ENVIRONMENT"] == ["production"]
    error_message = "reads_secrets: the app must run with ENVIRONMENT=production (it then refuses default secrets)."
  }

  assert {
    condition     = [for variable in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : variable.value if variable.name == "FORWARDED_ALLOW_IPS"] == ["10.0.0.0/16"]
    error_message = "forwarded_from_vpc: uvicorn must trust X-Forwarded-* from the VPC's addresses (the load balancer's) only, never from everyone: the app's rate limits count the client address it gives."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem
    error_message = "locked_down: the root file system must be read-only."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].command == ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "1"]
    error_message = "never_migrates: the service must serve with one worker per vCPU, and never migrate on start."
  }

  assert {
    condition     = !aws_ecs_service.this.network_configuration[0].assign_public_ip && aws_ecs_service.this.network_configuration[0].subnets == toset(["subnet-0000000000000000c", "subnet-0000000000000000d"])
    error_message = "locked_down: tasks must run in the private subnets without public addresses."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(aws_iam_role_policy.execution.policy).Statement : statement.Resource != "*" || statement.Action == "ecr:GetAuthorizationToken"])
    error_message = "least_privilege: only ecr:GetAuthorizationToken (which has no resource) may apply to every resource."
  }

  assert {
    condition     = alltrue(flatten([for statement in jsondecode(aws_iam_role_policy.execution.policy).Statement : [for action in flatten([statement.Action]) : !endswith(action, "*")]]))
    error_message = "least_privilege: the execution role must list its actions, not wildcards."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 90
    error_message = "keeps_logs: the app's logs must be kept for the configured retention."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options.awslogs-group == aws_cloudwatch_log_group.this.name
    error_message = "keeps_logs: the container must log to the module's log group."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == module.kms_key.key_arn && aws_secretsmanager_secret.this.kms_key_id == module.kms_key.key_arn
    error_message = "keeps_logs: the logs and the app's secret must be encrypted with the module's key."
  }

  assert {
    condition     = aws_scheduler_schedule.this["daily-report"].schedule_expression == "cron(15 0 * * ? *)"
    error_message = "daily_report: the daily report must be scheduled."
  }

  assert {
    condition     = jsondecode(aws_scheduler_schedule.this["daily-report"].target[0].input).containerOverrides[0].command == ["report", "daily"]
    error_message = "daily_report: the schedule must run `report daily`."
  }

  assert {
    condition     = aws_scheduler_schedule.this["daily-report"].target[0].ecs_parameters[0].task_definition_arn == aws_ecs_task_definition.this.arn && aws_ecs_task_definition.this.skip_destroy
    error_message = "daily_report: scheduled jobs must run the task definition's own revision, kept registered (never the family's newest, which a deploy registers before it migrates)."
  }

  assert {
    condition     = aws_scheduler_schedule.this["daily-report"].target[0].ecs_parameters[0].network_configuration[0].assign_public_ip == false
    error_message = "daily_report: scheduled tasks must run without public addresses."
  }

  assert {
    condition     = aws_ecs_service.worker.desired_count == 1 && aws_ecs_service.worker.launch_type == "FARGATE"
    error_message = "runs_one_worker: exactly one worker task must run."
  }

  assert {
    condition     = length(aws_ecs_service.worker.load_balancer) == 0
    error_message = "runs_one_worker: the worker serves nothing: it must have no load balancer."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].command == ["worker"]
    error_message = "runs_one_worker: the worker task must run `worker`."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].essential && !can(jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].portMappings)
    error_message = "runs_one_worker: the worker container must be essential and map no port."
  }

  assert {
    condition     = aws_ecs_service.worker.deployment_circuit_breaker[0].enable && aws_ecs_service.worker.deployment_circuit_breaker[0].rollback
    error_message = "runs_one_worker: a worker deployment that never starts must roll back."
  }

  assert {
    condition     = !aws_ecs_service.worker.network_configuration[0].assign_public_ip && aws_ecs_service.worker.network_configuration[0].subnets == toset(["subnet-0000000000000000c", "subnet-0000000000000000d"])
    error_message = "runs_one_worker: the worker must run in the private subnets without a public address."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].image == jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image
    error_message = "worker_settings: the worker must run the web service's image."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].environment == jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment && jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].secrets == jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets
    error_message = "worker_settings: the worker needs the web service's settings and secrets."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].logConfiguration.options.awslogs-stream-prefix == "worker" && jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].logConfiguration.options.awslogs-group == aws_cloudwatch_log_group.this.name
    error_message = "worker_settings: the worker must log to the module's log group under its own stream prefix."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].readonlyRootFilesystem
    error_message = "worker_settings: the worker's root file system must be read-only."
  }

  assert {
    condition     = keys(aws_iam_role_policy.task) == ["send-email"] && jsondecode(aws_iam_role_policy.task["send-email"].policy).Statement[0].Action == "ses:SendEmail"
    error_message = "task_role: the task role must get exactly the given policies."
  }

  assert {
    condition     = aws_ecs_task_definition.worker.task_role_arn == aws_iam_role.task.arn && aws_ecs_task_definition.this.task_role_arn == aws_iam_role.task.arn
    error_message = "task_role: the web and worker tasks must both run with the app's task role."
  }

  assert {
    condition     = aws_wafv2_web_acl_association.this.resource_arn == aws_lb.this.arn
    error_message = "rate_limits: the web application firewall must be associated with the load balancer."
  }

  assert {
    condition     = aws_wafv2_web_acl.this.scope == "REGIONAL" && length(aws_wafv2_web_acl.this.default_action[0].allow) == 1
    error_message = "rate_limits: the web ACL must be regional (for a load balancer) and allow what no rule blocks."
  }

  assert {
    condition     = [for rule in aws_wafv2_web_acl.this.rule : [length(rule.action[0].block), rule.statement[0].rate_based_statement[0].aggregate_key_type, rule.statement[0].rate_based_statement[0].limit, rule.statement[0].rate_based_statement[0].evaluation_window_sec] if rule.name == "rate-limit"] == [[1, "IP", 2000, 300]]
    error_message = "rate_limits: a rule must block a client IP after 2000 requests in 5 minutes."
  }

  assert {
    condition     = [for rule in aws_wafv2_web_acl.this.rule : [length(rule.action[0].block), rule.statement[0].rate_based_statement[0].aggregate_key_type, rule.statement[0].rate_based_statement[0].limit] if rule.name == "rate-limit-login"] == [[1, "IP", 100]]
    error_message = "rate_limits: a stricter rule must block a client IP after 100 login requests in 5 minutes."
  }

  assert {
    condition     = [for rule in aws_wafv2_web_acl.this.rule : toset([for statement in rule.statement[0].rate_based_statement[0].scope_down_statement[0].or_statement[0].statement : statement.byte_match_statement[0].search_string]) if rule.name == "rate-limit-login"] == [toset(["/api/v1/auth/", "/login"])]
    error_message = "rate_limits: the stricter rule must count the requests to /api/v1/auth/ and /login."
  }

  assert {
    condition     = [for rule in aws_wafv2_web_acl.this.rule : rule.statement[0].managed_rule_group_statement[0].name if rule.name == "known-bad-inputs"] == ["AWSManagedRulesKnownBadInputsRuleSet"]
    error_message = "rate_limits: AWS's known-bad-inputs rules (Log4j and similar exploits) must run."
  }

  assert {
    condition     = aws_wafv2_web_acl_logging_configuration.this.resource_arn == aws_wafv2_web_acl.this.arn && toset([for field in aws_wafv2_web_acl_logging_configuration.this.redacted_fields : field.single_header[0].name]) == toset(["authorization", "cookie"])
    error_message = "rate_limits: the firewall must log to CloudWatch without the requests' credentials."
  }
}

run "keeps_access_logs_in_a_region_opened_since_2022" {
  module {
    source = "./modules/service"
  }

  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "ap-southeast-4"
    }
  }

  assert {
    condition     = [for statement in jsondecode(module.access_logs.policy).Statement : statement.Sid] == ["LogDeliveryWritesAccessLogs", "TlsOnly"]
    error_message = "access_logs: a newer region has no ELB account: only the log delivery service writes."
  }
}

run "refuses_a_minimum_above_the_maximum" {
  module {
    source = "./modules/service"
  }

  command = plan

  variables {
    min_capacity = 5
    max_capacity = 2
  }

  expect_failures = [var.max_capacity]
}

run "refuses_a_log_retention_cloudwatch_does_not_offer" {
  module {
    source = "./modules/service"
  }

  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
}

run "refuses_the_latest_tag" {
  module {
    source = "./modules/service"
  }

  command = plan

  variables {
    image_tag = "latest"
  }

  expect_failures = [var.image_tag]
}

run "refuses_a_rate_limit_below_what_waf_accepts" {
  module {
    source = "./modules/service"
  }

  command = plan

  variables {
    waf_requests_per_ip = 5
  }

  expect_failures = [var.waf_requests_per_ip]
}
