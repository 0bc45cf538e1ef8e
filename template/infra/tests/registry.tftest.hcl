# Guarantees; each assert's error_message starts with the name of the one it checks:
#   scans_every_pushed_image  images scanned on push
#   immutable_tags            tags immutable
#   encrypted                 KMS encryption
#   lifecycle                 a lifecycle policy that expires untagged images and keeps the newest
# The first run plans the file's variables; the others change them or expect a refusal.
mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name = "acme-test"
}

run "as_configured" {
  module {
    source = "./modules/registry"
  }

  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "scans_every_pushed_image: images must be scanned on push."
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "immutable_tags: tags must be immutable, so a tag always names the image CI tested."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS"
    error_message = "encrypted: images must be encrypted with the module's KMS key."
  }
}

run "expires_untagged_images_and_keeps_the_newest" {
  module {
    source = "./modules/registry"
  }

  command = plan

  variables {
    tagged_images_kept  = 12
    untagged_image_days = 3
  }

  assert {
    condition     = [for rule in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : rule.selection.countNumber] == [3, 12]
    error_message = "lifecycle: the lifecycle policy must expire untagged images after 3 days and keep the newest 12."
  }

  assert {
    condition     = [for rule in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : rule.action.type] == ["expire", "expire"]
    error_message = "lifecycle: every lifecycle rule must expire images."
  }
}

run "refuses_keeping_too_few_images_to_roll_back" {
  module {
    source = "./modules/registry"
  }

  command = plan

  variables {
    tagged_images_kept = 1
  }

  expect_failures = [var.tagged_images_kept]
}
