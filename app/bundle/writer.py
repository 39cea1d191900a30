"""Write the signed bundle ``<unit-code>_<year>-Q<n>_v<k>.zip`` (``_<year>-Y_v<k>`` for a year).

Order: refuse early (certificate not valid at the signing time, bad facts, missing or unreadable
input, bundle already there), sign the report PDF (PAdES, visible stamp), hash every file into
the manifest, sign the manifest's exact bytes (detached CMS), then write a deterministic zip to a
temporary file in ``out_dir``, fsync it and rename it into place. Any error leaves no bundle and
no temporary file behind.

Deterministic: entries sorted by name, every entry stamped with the signing time (Vietnam time),
permissions 0644, no extra fields, the same compression level; so the same files, facts, signer
and signing time give the same zip (an RSA PKCS#1 v1.5 signature is itself deterministic; other
key types differ only inside the two signatures).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import IO

from app import __version__
from app.bundle.errors import BundleError
from app.bundle.files import new_file
from app.bundle.manifest import (
    MANIFEST_NAME,
    MEMBER_NAME,
    REPORT_PDF,
    REQUIRED_FILES,
    SIGNATURE_NAME,
    ManifestFields,
    build_manifest,
    bundle_file_name,
    field_issues,
    manifest_bytes,
    vietnam_time,
)
from app.bundle.pdf_sign import StampBox, sign_report_pdf
from app.bundle.signers import Signer, check_certificate_validity

COMPRESS_LEVEL = 6
FILE_MODE = 0o100644  # a regular file, rw-r--r--
ZIP_SYSTEM_UNIX = 3  # the "made by" system, fixed so Windows and Linux write the same bytes


def _read_inputs(files: Mapping[str, bytes | Path]) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for name, source in files.items():
        if name in (MANIFEST_NAME, SIGNATURE_NAME) or not MEMBER_NAME.fullmatch(name):
            raise BundleError("manifest_bad_file_name", name=name)
        if isinstance(source, bytes):
            contents[name] = source
            continue
        try:
            contents[name] = Path(source).read_bytes()
        except OSError as exc:
            raise BundleError("input_unreadable", name=name, path=str(source),
                              reason=exc.strerror or "") from None
    for name in REQUIRED_FILES:
        if name not in contents:
            raise BundleError("manifest_missing_file", name=name)
    return contents


def write_deterministic_zip(out: IO[bytes], members: Mapping[str, bytes],
                            moment: datetime) -> None:
    """``members`` as a zip with sorted entries, all stamped ``moment`` (local wall time)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day,
             moment.hour, moment.minute, moment.second)
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = ZIP_SYSTEM_UNIX
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, members[name], compresslevel=COMPRESS_LEVEL)


def write_bundle(out_dir: Path, files: Mapping[str, bytes | Path], fields: ManifestFields,
                 signer: Signer, signing_time: datetime, *, stamp_box: StampBox,
                 program_version: str = __version__) -> Path:
    """Sign and write the bundle into ``out_dir``; returns its path.

    ``files`` maps member names (``manifest.REQUIRED_FILES`` plus optional scans under
    ``anh-phieu/``) to contents or to files to read; ``bao-cao.pdf`` is given unsigned and
    is signed here with a visible stamp at ``stamp_box``. ``signing_time`` must be aware; it is
    the CMS and PDF signing time and the manifest's ``created_at``.

    Raises ``BundleError`` (nothing written): certificate_expired / certificate_not_yet_valid,
    a manifest code for bad facts, input_unreadable, file_exists (a bundle of this unit, period
    and version is already in ``out_dir``), folder_missing, write_failed, pdf_unreadable,
    stamp_page_out_of_range, a token code or signing_failed.
    """
    moment = vietnam_time(signing_time)
    check_certificate_validity(signer.certificate, moment)
    for issue in field_issues(fields):
        raise BundleError(issue.code, **issue.params)
    target = Path(out_dir) / bundle_file_name(fields.unit_code, fields.period, fields.version)
    if target.exists():
        raise BundleError("file_exists", path=str(target))
    contents = _read_inputs(files)
    contents[REPORT_PDF] = sign_report_pdf(contents[REPORT_PDF], signer, box=stamp_box,
                                           signing_time=moment, unit_name=fields.unit_name)
    manifest = build_manifest(fields, contents, created_at=moment,
                              program_version=program_version)
    signed_bytes = manifest_bytes(manifest)
    members = {**contents, MANIFEST_NAME: signed_bytes,
               SIGNATURE_NAME: signer.sign_detached(signed_bytes, moment)}
    with new_file(target) as handle:
        write_deterministic_zip(handle, members, moment)
    return target
