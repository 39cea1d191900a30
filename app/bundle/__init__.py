"""The signed export bundle for iOffice: manifest, signer backends, PAdES stamp, writer, verifier.

Below the services (DESIGN.md): imports the domain only, never storage, reports or Qt. Every
refusal is a ``BundleError`` (a code and its parameters); the CLI and the UI word it.
"""
