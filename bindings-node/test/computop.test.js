'use strict';
const test = require('node:test');
const { typedVectors } = require('./typed.js');

typedVectors(test, 'computop');
