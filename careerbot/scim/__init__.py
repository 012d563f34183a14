"""SCIM 2.0 provisioning at /scim/v2 (RFC 7643/7644) on scim2-models: people from the
identity provider (Okta, Microsoft Entra ID)."""
