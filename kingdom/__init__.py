"""The small library every Thrift Kingdom service shares.

It holds only what the five Django projects need identically: settings read from the
environment, request-id and JSON access logging, RFC 9457 problem details, health and
readiness views, local JWT verification, an HTTP client for calls between services, the
transactional-outbox delivery loop, and pytest helpers. It defines no models.
"""
