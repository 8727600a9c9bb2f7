"""Running Alur: workers' heartbeats and jobs run again after a worker died, health checks and
Prometheus metrics (docs/operations.md)."""
