"""Alert rules (``config/alerts.yaml``): evaluate them on what the detection jobs stored,
keep one event to one alert (cooldowns, grouping), and hand the result to delivery."""
