"""People provisioned by an identity provider over SCIM 2.0: their SCIM ids and resources."""
