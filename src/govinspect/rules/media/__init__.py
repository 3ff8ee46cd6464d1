"""New-media rules (政务新媒体, M-): one module per indicator, registered with target_kind="account"."""
