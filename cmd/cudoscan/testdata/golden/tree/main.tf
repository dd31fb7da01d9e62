provider "cudo" {
  # cudoscan:allow revoked on 2026-01-05, kept as a parser fixture
  api_key    = "{{key2}}"
  project_id = "demo"
}
