enum WebAPIPlaceholder {}
