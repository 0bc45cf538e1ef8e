# infra/ is the root that runs the modules' tests (tests/<module>.tftest.hcl, `make
# infra-test`): each run plans one module against the mock provider, and one `terraform test`
# reads the AWS provider's schema once for all of them. It creates nothing.
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
