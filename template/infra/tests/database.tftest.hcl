# Guarantees; each assert's error_message starts with the name of the one it checks:
#   encrypts            encrypted storage, with the module's key
#   backs_up            automated backups with point-in-time recovery for the chosen retention
#                       (never under 7 days), kept after deletion, and a final snapshot
#   follows_variables   multi-AZ and deletion protection as asked
#   never_public        never publicly reachable, reachable only from the allowed group, in
#                       the given subnets
#   requires_tls        TLS required by the module's parameter group
#   no_admin_password   the admin password never passes through Terraform
# The merged run plans the file's variables; the others expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name                       = "acme-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  allowed_security_group_ids = ["sg-0123456789abcdef0"]
  database_name              = "acme_test"
  backup_retention_days      = 30
  multi_az                   = true
  deletion_protection        = true
}

run "as_configured" {
  module {
    source = "./modules/database"
  }

  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && aws_db_instance.this.kms_key_id == module.kms_key.key_arn
    error_message = "encrypts: storage (and so snapshots and backups) must be encrypted with the module's key."
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period == 30
    error_message = "backs_up: automated backups (point-in-time recovery) must keep the requested 30 days."
  }

  assert {
    condition     = !aws_db_instance.this.delete_automated_backups
    error_message = "backs_up: automated backups must outlive a deleted instance."
  }

  assert {
    condition     = !aws_db_instance.this.skip_final_snapshot && aws_db_instance.this.final_snapshot_identifier == "acme-test-final"
    error_message = "backs_up: deleting the instance must take a final snapshot."
  }

  assert {
    condition     = aws_db_instance.this.multi_az && aws_db_instance.this.deletion_protection
    error_message = "follows_variables: multi_az and deletion_protection must be applied as given."
  }

  assert {
    condition     = !aws_db_instance.this.publicly_accessible
    error_message = "never_public: the database must never have a public address."
  }

  assert {
    condition     = anytrue([for parameter in aws_db_parameter_group.this.parameter : parameter.name == "rds.force_ssl" && parameter.value == "1"])
    error_message = "requires_tls: the parameter group must refuse connections without TLS (rds.force_ssl = 1)."
  }

  assert {
    condition     = aws_db_instance.this.parameter_group_name == aws_db_parameter_group.this.name
    error_message = "requires_tls: the instance must use the module's parameter group."
  }

  assert {
    condition     = [for rule in aws_vpc_security_group_ingress_rule.this : rule.referenced_security_group_id] == ["sg-0123456789abcdef0"] && alltrue([for rule in aws_vpc_security_group_ingress_rule.this : rule.cidr_ipv4 == null && rule.from_port == 5432])
    error_message = "never_public: only the allowed security group may connect, on the PostgreSQL port, and no address range."
  }

  assert {
    condition     = aws_db_subnet_group.this.subnet_ids == toset(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"])
    error_message = "never_public: the database must live in the given (private) subnets."
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password && aws_db_instance.this.password == null
    error_message = "no_admin_password: RDS must generate and rotate the admin password in Secrets Manager."
  }
}

run "refuses_a_retention_of_one_day" {
  module {
    source = "./modules/database"
  }

  command = plan

  variables {
    backup_retention_days = 1
  }

  expect_failures = [var.backup_retention_days]
}

run "refuses_a_single_subnet" {
  module {
    source = "./modules/database"
  }

  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}

run "refuses_a_storage_ceiling_below_the_floor" {
  module {
    source = "./modules/database"
  }

  command = plan

  variables {
    allocated_storage_gb     = 100
    max_allocated_storage_gb = 50
  }

  expect_failures = [var.max_allocated_storage_gb]
}
