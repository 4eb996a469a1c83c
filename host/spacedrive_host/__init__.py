"""Spacedrive extension host: runs WASM extensions against the operation registry."""
