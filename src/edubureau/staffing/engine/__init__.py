"""Pure engines of teacher affairs (no Django): each module takes plain data and settings, returns plain results."""
