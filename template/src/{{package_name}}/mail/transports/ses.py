"""ses://<region>: Amazon SES (API v2) with the credentials of the task's IAM role.

No key is stored: boto3 finds the role's credentials itself. SES's error code decides
whether a retry can help; a rejected message or an unverified sender cannot be cured by one.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from ...jobs.service import PermanentFailure, TemporaryFailure

# SES v2 errors that retrying the same message cannot fix.
PERMANENT_ERRORS = frozenset(
    {
        "AccountSuspendedException",
        "BadRequestException",
        "MailFromDomainNotVerifiedException",
        "MessageRejected",
        "NotFoundException",
    }
)


class SesTransport:
    def __init__(self, *, region: str, configuration_set: str = "", client: Any = None) -> None:
        self.region = region
        self.configuration_set = configuration_set
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            # Imported on first use: boto3 costs ~0.3 s and 20 MB, paid only where SES is used.
            import boto3  # noqa: PLC0415
            from botocore.config import Config  # noqa: PLC0415

            config = Config(connect_timeout=5, read_timeout=15, retries={"max_attempts": 2})
            self._client = boto3.client("sesv2", region_name=self.region, config=config)
        return self._client

    def send(self, message: EmailMessage) -> None:
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

        request: dict[str, Any] = {
            "Content": {"Raw": {"Data": message.as_bytes()}},
            "Destination": {"ToAddresses": [str(message["To"])]},
        }
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        try:
            self.client.send_email(**request)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            reason = f"SES {code}: {error.response.get('Error', {}).get('Message', '')}"
            if code in PERMANENT_ERRORS:
                raise PermanentFailure(reason) from error
            raise TemporaryFailure(reason) from error
        except BotoCoreError as error:
            raise TemporaryFailure(f"SES unreachable: {error}") from error
