"""Local AWS emulator for lambda-dr: moto plus the Lambda behaviour lambda-dr relies on."""
