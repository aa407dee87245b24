"""What every tool reads: where things are, the manifest, French numbers and
the commands a student is told to type. Ships to the students."""
