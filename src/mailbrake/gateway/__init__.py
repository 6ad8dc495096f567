"""How mail arrives: the SMTP submission gateway (aiosmtpd) in front of the upstream relay."""
