# Guarantees; each assert's error_message starts with the name of the one it checks:
#   rotates              rotation is always on
#   account_administers  the account administers the key
#   service_statements   only the services named in the inputs may use it, on their conditions
#   alias                an alias only when asked, named alias/<alias>
#   deletion_window      deletion waits the window
# The first run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  description = "acme-test: logs"
}

run "as_configured" {
  module {
    source = "./modules/kms_key"
  }

  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "rotates: the key must rotate automatically."
  }

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == null
    error_message = "deletion_window: by default a deleted key waits AWS's default window (30 days, the longest)."
  }

  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement == [{ Sid = "AccountAdministers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "kms:*", Resource = "*" }]
    error_message = "account_administers: without service statements, only the account may use the key."
  }

  assert {
    condition     = length(aws_kms_alias.this) == 0
    error_message = "alias: no alias unless one is asked for."
  }
}

run "services_use_the_key_on_their_conditions" {
  module {
    source = "./modules/kms_key"
  }

  command = plan

  variables {
    alias                   = "acme-test-logs"
    deletion_window_in_days = 7
    service_statements = [
      {
        sid       = "CloudWatchLogsEncryptsTheGroup"
        service   = "logs.eu-west-1.amazonaws.com"
        actions   = ["kms:Encrypt*", "kms:Decrypt*"]
        condition = { ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:eu-west-1:123456789012:log-group:/acme" } }
      },
      {
        sid     = "CloudWatchPublishesAlarms"
        service = "cloudwatch.amazonaws.com"
        actions = ["kms:Decrypt"]
      },
    ]
  }

  assert {
    condition     = [for statement in jsondecode(aws_kms_key.this.policy).Statement : statement.Sid] == ["AccountAdministers", "CloudWatchLogsEncryptsTheGroup", "CloudWatchPublishesAlarms"]
    error_message = "service_statements: the policy must hold the account's statement, then one per service, in order."
  }

  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[1].Principal.Service == "logs.eu-west-1.amazonaws.com" && jsondecode(aws_kms_key.this.policy).Statement[1].Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:eu-west-1:123456789012:log-group:/acme"
    error_message = "service_statements: a service statement must name its service and keep its condition."
  }

  assert {
    condition     = !can(jsondecode(aws_kms_key.this.policy).Statement[2].Condition)
    error_message = "service_statements: a statement without a condition must have no Condition."
  }

  assert {
    condition     = aws_kms_alias.this[0].name == "alias/acme-test-logs"
    error_message = "alias: the alias must be alias/<alias>."
  }

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 7
    error_message = "deletion_window: a deletion window, when given, must be the key's."
  }
}

run "refuses_a_short_deletion_window" {
  module {
    source = "./modules/kms_key"
  }

  command = plan

  variables {
    deletion_window_in_days = 3
  }

  expect_failures = [var.deletion_window_in_days]
}
