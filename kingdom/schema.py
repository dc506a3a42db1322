"""OpenAPI description of the bearer-token authentication every API uses (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class KingdomJWTAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents :class:`kingdom.tokens.JWTAuthentication` as an HTTP bearer JWT scheme."""

    target_class = "kingdom.tokens.JWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
