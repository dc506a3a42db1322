"""sharing_service: 최저가 공유: deals, products and the lowest price."""
