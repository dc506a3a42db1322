"""OpenAPI description of auth's bearer-token authentication (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class AccountJWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "auth_service.accounts.authentication.AccountJWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
