data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

# Regions opened before Jakarta (December 2021) write load balancer access logs from a
# regional ELB account; newer ones only through the log delivery service principal, and the
# provider knows no ELB account for them.
data "aws_elb_service_account" "current" {
  count = local.elb_account_region ? 1 : 0
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  log_group  = "/ecs/${var.name}"
  # WAF writes only to log groups whose name starts with aws-waf-logs-.
  waf_log_group = "aws-waf-logs-${var.name}"
  # The log groups CloudWatch Logs may encrypt with the module's key, by key policy statement.
  encrypted_log_groups = {
    CloudWatchLogsEncryptsTheAppLogs = local.log_group
    CloudWatchLogsEncryptsTheWafLogs = local.waf_log_group
  }
  container = "app"
  # The worker's container: its name in the task definition, distinct from the web's.
  worker_container = "worker"
  image            = "${var.repository_url}:${var.image_tag}"
  # Liveness, not readiness: /healthz answers without the database. Were the load balancer to
  # check /readyz, a database failover or restart would fail every task at once and ECS would
  # replace them all; readiness is the deploy's smoke test (scripts/smoke-test.sh).
  liveness_path = "/healthz"
  workers       = max(1, floor(var.cpu / 1024))
  short_name    = trimsuffix(substr(var.name, 0, 28), "-")
  elb_account_region = !contains([
    "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-2", "il-central-1",
    "me-central-1", "mx-central-1",
  ], local.region)
}

module "kms_key" {
  source = "../kms_key"

  description = "${var.name}: the app's secret, logs and schedules"
  service_statements = [
    for sid, group in local.encrypted_log_groups : {
      sid     = sid
      service = "logs.${local.region}.amazonaws.com"
      actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      condition = {
        ArnEquals = {
          "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${group}"
        }
      }
    }
  ]

  tags = var.tags
}

# ------------------------------------------------------------------ the app's secret
# Terraform creates the secret but never its value, so no secret reaches the state file.
# Put {"DATABASE_URL": "...", "SECRET_KEY": "..."} in it once (docs/deploy/aws.md).
resource "aws_secretsmanager_secret" "this" {
  name                    = "${var.name}/app"
  description             = "${var.name}: the app's secret settings, one JSON key per environment variable"
  kms_key_id              = module.kms_key.key_arn
  recovery_window_in_days = 30

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = module.kms_key.key_arn

  tags = var.tags
}

# ------------------------------------------------------------------ roles
# The execution role is ECS's: pull the image, write the logs, read the secret. The task role
# is the app's (web and worker): it has only the policies of task_role_policies.
resource "aws_iam_role" "execution" {
  name_prefix          = "${substr(var.name, 0, 28)}-exec-"
  permissions_boundary = var.permissions_boundary
  assume_role_policy   = jsonencode(local.ecs_tasks_trust)

  tags = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name = "pull-log-read-secret"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*" # the action has no resource to scope to
      },
      {
        Sid      = "PullTheAppImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = var.repository_arn
      },
      {
        Sid      = "WriteTheAppLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      {
        Sid      = "ReadTheAppSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = aws_secretsmanager_secret.this.arn
      },
      {
        Sid      = "DecryptTheAppSecret"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = module.kms_key.key_arn
      },
    ]
  })
}

resource "aws_iam_role" "task" {
  name_prefix          = "${substr(var.name, 0, 28)}-task-"
  permissions_boundary = var.permissions_boundary
  assume_role_policy   = jsonencode(local.ecs_tasks_trust)

  tags = var.tags
}

# What the app itself may call, e.g. SES's send actions on one identity (the email module's
# send_policy): nothing unless a policy is given.
resource "aws_iam_role_policy" "task" {
  for_each = var.task_role_policies

  name   = each.key
  role   = aws_iam_role.task.id
  policy = each.value
}

locals {
  ecs_tasks_trust = {
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  }
}

# ------------------------------------------------------------------ task definitions
# What the web and the worker containers share: one image, the same settings and secrets, a
# read-only root file system with /tmp the one writable place.
locals {
  container_common = {
    image                  = local.image
    essential              = true
    readonlyRootFilesystem = true
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    linuxParameters        = { initProcessEnabled = true }
    stopTimeout            = 30
    # uvicorn trusts X-Forwarded-For and X-Forwarded-Proto from the VPC's addresses only (the
    # load balancer's): client addresses, which the app's rate limits count, and https URLs
    # come out right, and nothing else can choose its own address.
    environment = [
      for key, value in merge(var.environment_variables, { ENVIRONMENT = var.environment, FORWARDED_ALLOW_IPS = var.vpc_cidr_block }) :
      { name = key, value = value }
    ]
    secrets = [
      for key in var.secret_keys :
      { name = key, valueFrom = "${aws_secretsmanager_secret.this.arn}:${key}::" }
    ]
  }
  # One log group; the stream prefix tells the web tasks (app/...) from the worker (worker/...)
  # and the migrations (migrate/...).
  log_configuration = {
    for prefix in ["app", "worker", "migrate"] : prefix => {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = local.region
        awslogs-stream-prefix = prefix
      }
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_ecs_task_definition" "this" {
  # Earlier revisions stay registered: a scheduled job keeps the one it has until the full
  # apply after a migration, and a rollback redeploys an earlier image's revision.
  skip_destroy = true

  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # The root file system is read-only; /tmp is the one writable place.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([merge(local.container_common, {
    name         = local.container
    command      = ["serve", "--host", "0.0.0.0", "--port", tostring(var.container_port), "--workers", tostring(local.workers)]
    portMappings = [{ containerPort = var.container_port, protocol = "tcp" }]
    # Liveness, like the load balancer's check: the process answers, database or not.
    healthCheck = {
      command     = ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${var.container_port}${local.liveness_path}', timeout=2)"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 20
    }
    logConfiguration = local.log_configuration["app"]
  })])

  tags = var.tags
}

# The worker: the same image, settings and secrets, running `worker`, which drains every job
# queue (e-mail, and analytics forwarding when a forwarder is configured) until it is stopped.
# It listens on no port, so it has no port mapping, no load balancer and no health check;
# ECS replaces the task when the process exits.
resource "aws_ecs_task_definition" "worker" {
  family                   = "${var.name}-worker"
  skip_destroy             = true
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.worker_cpu
  memory                   = var.worker_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([merge(local.container_common, {
    name             = local.worker_container
    command          = ["worker"]
    logConfiguration = local.log_configuration["worker"]
  })])

  tags = var.tags
}

# ------------------------------------------------------------------ network
resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Load balancer: HTTPS from anywhere, HTTP only to redirect it"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = {
    https_ipv4 = { port = 443, cidr_ipv4 = "0.0.0.0/0", cidr_ipv6 = null }
    https_ipv6 = { port = 443, cidr_ipv4 = null, cidr_ipv6 = "::/0" }
    http_ipv4  = { port = 80, cidr_ipv4 = "0.0.0.0/0", cidr_ipv6 = null }
    http_ipv6  = { port = 80, cidr_ipv4 = null, cidr_ipv6 = "::/0" }
  }

  security_group_id = aws_security_group.alb.id
  description       = each.value.port == 443 ? "HTTPS from anywhere" : "HTTP from anywhere, answered with a redirect to HTTPS"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr_ipv4
  cidr_ipv6         = each.value.cidr_ipv6
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the app's tasks"
  referenced_security_group_id = aws_security_group.tasks.id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

resource "aws_security_group" "tasks" {
  name_prefix = "${var.name}-tasks-"
  description = "App tasks: traffic from the load balancer only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-tasks" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "From the load balancer"
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

resource "aws_vpc_security_group_egress_rule" "tasks" {
  for_each = {
    aws_apis = { port = 443, cidr = "0.0.0.0/0", description = "HTTPS: ECR, Secrets Manager, CloudWatch Logs and outside APIs" }
    postgres = { port = 5432, cidr = var.vpc_cidr_block, description = "PostgreSQL inside the VPC" }
  }

  security_group_id = aws_security_group.tasks.id
  description       = each.value.description
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

# ------------------------------------------------------------------ load balancer
# Load balancers write access logs only to buckets encrypted with S3-managed keys.
module "access_logs" {
  source = "../encrypted_bucket"

  name_prefix     = "${trimsuffix(substr(var.name, 0, 26), "-")}-alb-logs-"
  prevent_destroy = false
  policy_statements = concat([for account in data.aws_elb_service_account.current : {
    sid          = "LoadBalancerWritesAccessLogs"
    principal    = { AWS = account.arn }
    actions      = ["s3:PutObject"]
    object_paths = ["AWSLogs/${local.account_id}/*"]
    }], [{
    sid          = "LogDeliveryWritesAccessLogs"
    principal    = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
    actions      = ["s3:PutObject"]
    object_paths = ["AWSLogs/${local.account_id}/*"]
  }])
  lifecycle_rule_id       = "expire-access-logs"
  expiration_days         = var.access_log_retention_days
  noncurrent_version_days = 1

  tags = var.tags
}

resource "aws_lb" "this" {
  name                       = local.short_name
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection

  access_logs {
    bucket  = module.access_logs.id
    enabled = true
  }

  tags = var.tags

  depends_on = [module.access_logs]
}

resource "aws_lb_target_group" "this" {
  name                 = "${local.short_name}-app"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  # Liveness (local.liveness_path): a task that answers gets traffic, whether or not the
  # database does, so a database outage is never taken for every task being broken.
  health_check {
    path                = local.liveness_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

# /metrics is for a Prometheus inside the VPC, which scrapes each task's address directly:
# through the load balancer it is 404 before any task sees it (the app refuses it too when a
# request carries X-Forwarded-For, for a path spelled another way, such as /%6detrics).
resource "aws_lb_listener_rule" "metrics_not_public" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 1

  condition {
    path_pattern {
      values = ["/metrics", "/metrics/*"]
    }
  }

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not Found"
      status_code  = "404"
    }
  }

  tags = var.tags
}

# ------------------------------------------------------------------ web application firewall
# Rate limits per client IP at the edge, before a request reaches a task: a flood of logins
# (each an argon2 hash of 64 MiB in the app) is cut off by AWS, not by the app's memory. The
# app keeps its own finer limits per account and per IP (docs/security.md). No managed rule
# set that inspects bodies: AWS's common rule set blocks bodies over 8 KB, which event batches
# need; the known-bad-inputs set (Log4j and similar) inspects no body size.
resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = "${var.name}: rate limits per client IP in front of the load balancer"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit-login"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf_login_requests_per_ip
        evaluation_window_sec = 300
        aggregate_key_type    = "IP"

        scope_down_statement {
          or_statement {
            dynamic "statement" {
              for_each = ["/api/v1/auth/", "/login"]
              content {
                byte_match_statement {
                  search_string         = statement.value
                  positional_constraint = "STARTS_WITH"
                  field_to_match {
                    uri_path {}
                  }
                  text_transformation {
                    priority = 0
                    type     = "LOWERCASE"
                  }
                }
              }
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit-login"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf_requests_per_ip
        evaluation_window_sec = 300
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "known-bad-inputs"
    priority = 2

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = aws_lb.this.arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}

resource "aws_cloudwatch_log_group" "waf" {
  name              = local.waf_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = module.kms_key.key_arn

  tags = var.tags
}

# Blocked and allowed requests, without the credentials they carried.
resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}

# ------------------------------------------------------------------ service
resource "aws_ecs_service" "this" {
  name                               = var.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  launch_type                        = "FARGATE"
  desired_count                      = var.min_capacity
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"

  # A deployment whose tasks never become healthy stops and rolls back to the last good one.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = local.container
    container_port   = var.container_port
  }

  tags = var.tags

  # Autoscaling owns the task count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.https]
}

# One worker task, always: jobs are claimed in the database, so the brief overlap of two tasks
# during a deployment is safe, and the web service's autoscaling never touches it. It shares
# the web tasks' security group, which is what the database admits; nothing connects to it.
resource "aws_ecs_service" "worker" {
  name                               = "${var.name}-worker"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.worker.arn
  launch_type                        = "FARGATE"
  desired_count                      = 1
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"

  # A worker that exits at start (a missing setting, a refused EMAIL_URL) rolls back too.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  tags = var.tags
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity

  tags = var.tags
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    # ALBRequestCountPerTarget counts requests per target per minute.
    target_value       = var.requests_per_task_target * 60
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this.arn_suffix}/${aws_lb_target_group.this.arn_suffix}"
    }
  }
}

# ------------------------------------------------------------------ scheduled commands
resource "aws_iam_role" "scheduler" {
  count = length(var.scheduled_commands) > 0 ? 1 : 0

  name_prefix          = "${substr(var.name, 0, 28)}-sched-"
  permissions_boundary = var.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  count = length(var.scheduled_commands) > 0 ? 1 : 0

  name = "run-the-app-task"
  role = aws_iam_role.scheduler[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RunTheAppTaskInThisCluster"
        Effect    = "Allow"
        Action    = "ecs:RunTask"
        Resource  = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${aws_ecs_task_definition.this.family}:*"
        Condition = { ArnEquals = { "ecs:cluster" = aws_ecs_cluster.this.arn } }
      },
      {
        Sid       = "HandTheTaskItsRoles"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = [aws_iam_role.execution.arn, aws_iam_role.task.arn]
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        Sid      = "ReadTheEncryptedSchedule"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = module.kms_key.key_arn
      },
    ]
  })
}

resource "aws_scheduler_schedule" "this" {
  for_each = var.scheduled_commands

  name                         = "${local.short_name}-${each.key}"
  description                  = "${var.name}: ${join(" ", concat([var.command_name], each.value.command))}"
  schedule_expression          = each.value.schedule_expression
  schedule_expression_timezone = "UTC"
  kms_key_arn                  = module.kms_key.key_arn

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = aws_iam_role.scheduler[0].arn
    input = jsonencode({
      containerOverrides = [{ name = local.container, command = each.value.command }]
    })

    ecs_parameters {
      # This revision, not the family's newest: a deploy registers the new image's revision
      # before it migrates, and a scheduled job must not run the new code on the old schema
      # (or at all, when the migration fails). The full apply after the migration moves it.
      task_definition_arn = aws_ecs_task_definition.this.arn
      launch_type         = "FARGATE"
      task_count          = 1

      network_configuration {
        subnets          = var.private_subnet_ids
        security_groups  = [aws_security_group.tasks.id]
        assign_public_ip = false
      }
    }

    retry_policy {
      maximum_retry_attempts       = 2
      maximum_event_age_in_seconds = 3600
    }
  }
}

# Addresses before the kms_key and encrypted_bucket modules: existing state moves, nothing
# is replaced.
moved {
  from = aws_kms_key.this
  to   = module.kms_key.aws_kms_key.this
}

moved {
  from = aws_s3_bucket.this
  to   = module.access_logs.aws_s3_bucket.destroyable[0]
}

moved {
  from = aws_s3_bucket_public_access_block.this
  to   = module.access_logs.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this
  to   = module.access_logs.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_versioning.this
  to   = module.access_logs.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this
  to   = module.access_logs.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.this
  to   = module.access_logs.aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.this
  to   = module.access_logs.aws_s3_bucket_policy.this
}
